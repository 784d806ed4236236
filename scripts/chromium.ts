// Debian's Chromium, headless, driven by playwright-core: the one browser the page benchmark and the
// end-to-end tests use. Nothing is downloaded; CHROMIUM_PATH points elsewhere if needed.
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A browser with a profile on disk (`userDataDir`): like a user's own browser, it keeps the page's
 * scripts in its HTTP cache, their compiled code and its compiled shaders between visits.
 */
export function launchChromiumProfile(userDataDir: string, options: BrowserContextOptions): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    ...options,
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}

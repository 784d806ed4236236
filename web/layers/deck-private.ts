// The parts of deck.gl's Deck that phusong uses although MapboxOverlay keeps it private (`_deck`), read in
// this one place: its animation loop (features/map-view/deck-idle.ts) and the drawing surface it shares
// with the map (features/exports/render.ts). A deck.gl upgrade that moves them fails tests/e2e/map.test.ts
// (the idle page stops asking for frames) and tests/e2e/meetings.test.ts (the export matches the screen).
import type { MapboxOverlay } from '@deck.gl/mapbox';

/** The drawing surface deck.gl shares with the map (interleaved mode): the luma.gl canvas context of its device. */
export interface SharedSurface {
  setDrawingBufferSize(width: number, height: number): void;
}

export interface DeckInternals {
  animationLoop: { start(): Promise<unknown>; stop(): unknown } | null;
  needsRedraw(opts: { clearRedrawFlags: boolean }): string | false;
  layerManager: { needsUpdate(): string | false } | null;
  device?: { canvasContext?: SharedSurface };
}

/** The overlay's Deck, or null before it has one (or if deck.gl stopped keeping it there). */
export function deckOf(overlay: MapboxOverlay): DeckInternals | null {
  return (overlay as unknown as { _deck?: DeckInternals })._deck ?? null;
}

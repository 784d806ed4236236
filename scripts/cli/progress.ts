// A progress bar for the terminal (stderr, so --json output on stdout stays clean).
export function progressBar(label: string) {
  let last = -1;
  const tty = process.stderr.isTTY;
  return (done: number, total: number) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    if (pct === last) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
    if (tty) process.stderr.write(`\r${line}${pct === 100 ? '\n' : ''}`);
    else if (pct % 25 === 0) process.stderr.write(`${line}\n`);
  };
}

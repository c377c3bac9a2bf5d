import Table from 'cli-table3';

/** A borderless table for terminal output. */
export function table(head: string[], rows: (string | number)[][]): string {
	const t = new Table({
		head,
		style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
		chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
	});
	for (const r of rows) t.push(r.map(String));
	return t.toString();
}

export function formatBytes(n: number): string {
	if (n < 1024) return `${n} B`;
	if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
	return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

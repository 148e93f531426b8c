export function newestSource(root: string): number;
export function distIsCurrent(root: string): boolean;

export function electronVersionOf(root: string): string;
export function prepareElectronNative(options: {
  root: string;
  electronVersion?: string;
  platform?: string;
  arch?: string;
  log?: (line: string) => void;
}): string;

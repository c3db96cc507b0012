export interface NativeTarget {
  electronVersion: string;
  platform: string;
  arch: string;
}

export function nativePackageDir(root: string, target: NativeTarget): string;
export function nativeBinaryPath(root: string, target: NativeTarget): string;
export function packagedNativeDir(root: string, arch: string): string;

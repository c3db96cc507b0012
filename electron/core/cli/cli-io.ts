export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether progress may be drawn on stderr. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
  env: process.env,
};

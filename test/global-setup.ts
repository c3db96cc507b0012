import { ensureCli } from '../build/build-cli.mjs';

/** Tests that spawn the command line run the shipped bundle: rebuild it first when its sources changed. */
export async function setup(): Promise<void> {
  await ensureCli();
}

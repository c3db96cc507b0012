import { Option } from 'commander';
import { ShopfloorError } from '../errors.ts';

/**
 * `--password`, `--token`, `--auth-value`: a secret typed as an option's value stays in the shell's
 * history and shows in `ps` to every user of the machine. The option is still recognised, so the
 * answer can name the safe form, but it is refused while parsing, before anything is saved, and
 * without repeating the value.
 */
export function refusedSecretOption(name: 'password' | 'token' | 'auth-value'): Option {
  return new Option(`--${name} <value>`).hideHelp().argParser(() => {
    throw new ShopfloorError('secret_on_command_line',
      `--${name} is not accepted: a secret on the command line stays in the shell history and shows in ps; use --${name}-file FILE, or --${name}-file - to read it from standard input`);
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

describe('secrets on the command line', () => {
  it('refuses --password, --auth-value and --token (shell history, ps) without echoing them or saving anything; the -file forms work', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const refused = [
      ['channels', 'email', '--host', '127.0.0.1', '--port', '2525', '--security', 'none', '--from', 'shop@example.jp', '--user', 'shop', '--password', 'hunter2-smtp'],
      ['channels', 'sms', '--url', 'http://127.0.0.1:9/send', '--auth-value', 'Bearer hunter2-sms'],
      ['sync', 'configure', '--base-url', 'http://127.0.0.1:9', '--app-id', 'shop', '--token', 'hunter2-token'],
    ];
    for (const args of refused) {
      const run = await cli([...args, '--db', db]);
      const option = args.find((arg) => /^--(password|auth-value|token)$/.test(arg))!;
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr).toContain(`${option} is not accepted`);
      expect(run.stderr).toContain(`${option}-file`);
      expect(run.stdout + run.stderr).not.toContain('hunter2');
    }
    expect(await cliJson(['channels', 'show', '--db', db])).toMatchObject({ email: { configured: false }, sms: { configured: false } });
    const help = await cli(['channels', 'email', '--help']);
    expect(help.stdout).toContain('--password-file');
    expect(help.stdout).not.toMatch(/--password </);

    const secret = path.join(dir, 'password.txt');
    fs.writeFileSync(secret, 'from-a-file\n', { mode: 0o600 });
    expect(await cliJson(['channels', 'email', '--host', '127.0.0.1', '--port', '2525', '--security', 'none', '--from', 'shop@example.jp', '--user', 'shop', '--password-file', secret, '--db', db]))
      .toMatchObject({ configured: true, has_secret: true });
  });
});

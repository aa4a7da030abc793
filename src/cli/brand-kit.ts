/** `herald brand kit --project ID --out FILE`: the project's communication kit (the page's kit.zip) written to a file. */
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { cliActor, withDatabase } from './context';
import { cliIo, userPath } from './io';

export function brandCommands(): Command {
  const brand = new Command('brand').description('the plan’s visual identity: the communication kit');
  brand
    .command('kit')
    .description('write the communication kit (.zip: logo, emblems, palette, funding texts, templates)')
    .requiredOption('--project <id>', 'project id (e.g. m-sec)')
    .requiredOption('--out <file>', 'the .zip file to write')
    .action(async (opts: { project: string; out: string }) => {
      const [{ kitFile }, { systemActor }] = await Promise.all([
        import('../brand/templates/service'),
        import('../auth/permissions'),
      ]);
      const file = await withDatabase((d) =>
        kitFile(d.db, { actor: systemActor(cliActor()), projectId: opts.project }),
      );
      await writeFile(userPath(opts.out), file.bytes);
      cliIo().out.write(`wrote ${opts.out} (${file.bytes.byteLength} bytes)\n`);
    });
  return brand;
}

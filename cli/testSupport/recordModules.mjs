// Loaded with `node --import` into a command's process: writes the URL of every module the
// process loaded (ES modules and require()d CommonJS alike), one a line, to $BUSKER_RECORD_MODULES
// when it exits. Plain JavaScript so it runs without tsx, beside the built CLI.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.BUSKER_RECORD_MODULES;
if (!file) throw new Error('recordModules.mjs needs BUSKER_RECORD_MODULES, the file to write.');
const loaded = new Set();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});
process.on('exit', () => writeFileSync(file, [...loaded].join('\n')));

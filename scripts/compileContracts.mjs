// Compiles contracts/**/*.sol with solc-js (no compiler download) and writes, per contract, a
// TypeScript module into protocol/generated/: its ABI `as const`, its creation bytecode, and
// typed interfaces for its methods, events and errors. The output is generated, never edited.
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import solc from 'solc';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'contracts');
const outputDir = join(root, 'protocol', 'generated');

/** Transient storage (the reentrancy guard) needs Cancun; anvil and the main chains have it. */
const evmVersion = 'cancun';
const optimizerRuns = 200;

/** Contracts outside the app's production path, named so in their module's header. */
const purposes = { 'contracts/test/': 'test only', 'contracts/bench/': 'benchmark only' };

const sources = {};
for (const file of await listSolidity(sourceDir)) {
  sources[toSourceName(file)] = { content: await readFile(file, 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion,
    optimizer: { enabled: true, runs: optimizerRuns },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
// OpenZeppelin's reentrancy guard clears its transient slot on every exit: solc's generic warning
// about `tstore` composability does not apply to it.
const problems = (output.errors ?? []).filter(
  (problem) =>
    !(
      problem.severity === 'warning' &&
      problem.sourceLocation?.file?.startsWith('@openzeppelin/') &&
      problem.message.startsWith('Transient storage')
    ),
);
for (const problem of problems) console.error(problem.formattedMessage ?? problem.message);
if (problems.some((problem) => problem.severity === 'error')) {
  console.error('Contract compilation failed.');
  process.exit(1);
}

await rm(outputDir, { recursive: true, force: true });
await mkdir(outputDir, { recursive: true });
const written = [];
for (const [sourceName, contracts] of Object.entries(output.contracts)) {
  if (!sourceName.startsWith('contracts/')) continue; // OpenZeppelin's own units
  for (const [contractName, artifact] of Object.entries(contracts)) {
    const bytecode = artifact.evm.bytecode.object;
    if (!bytecode) continue; // abstract contracts and interfaces
    const moduleName = lowerFirst(contractName);
    const file = join(outputDir, `${moduleName}.ts`);
    const text = renderModule({ sourceName, contractName, abi: artifact.abi, bytecode });
    const options = (await prettier.resolveConfig(file)) ?? {};
    await writeFile(file, await prettier.format(text, { ...options, filepath: file }));
    written.push(relative(root, file));
  }
}
console.log(
  `Compiled ${Object.keys(sources).length} sources with solc ${solc.version()}: ${written.join(', ')}`,
);

async function listSolidity(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sol'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function toSourceName(file) {
  return relative(root, file).split(sep).join('/');
}

/** Resolves `@openzeppelin/...` (and any other package import) from node_modules. */
function findImport(path) {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch {
    return { error: `Cannot find ${path}: is the package installed?` };
  }
}

function upperFirst(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function lowerFirst(name) {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

// ── TypeScript rendering ────────────────────────────────────────────────────────────────────

function renderModule({ sourceName, contractName, abi, bytecode }) {
  const base = lowerFirst(contractName);
  const purpose = Object.entries(purposes).find(([prefix]) => sourceName.startsWith(prefix))?.[1];
  const used = new Set(['BaseContract', 'BaseContractMethod', 'ContractRunner']);
  const functions = abi.filter((item) => item.type === 'function');
  const events = abi.filter((item) => item.type === 'event');
  const errors = abi.filter((item) => item.type === 'error');
  assertUniqueNames(contractName, functions);

  const resultAliases = [];
  const methods = functions.map((fn) => {
    const args = fn.inputs.map(
      (param, index) => `${paramName(param, index)}: ${inputType(param.type, used)}`,
    );
    let result = resultType(fn.outputs);
    if (fn.outputs.length > 1) {
      const alias = `${contractName}${upperFirst(fn.name)}Result`;
      resultAliases.push(
        `/** What \`${fn.name}\` returns: ethers' \`Result\`, a tuple with named fields. */`,
      );
      resultAliases.push(`export type ${alias} = ${result};`, '');
      result = alias;
    }
    const view = fn.stateMutability === 'view' || fn.stateMutability === 'pure';
    if (!view) used.add('ContractTransactionResponse');
    const sent = view ? result : 'ContractTransactionResponse';
    return `  /** \`${signature(fn)}\` (${fn.stateMutability}) */\n  ${fn.name}: BaseContractMethod<[${args.join(', ')}], ${result}, ${sent}>;`;
  });

  const lines = [
    `// Generated by scripts/compileContracts.mjs from ${sourceName}${purpose ? ` (${purpose})` : ''}. Do not edit.`,
    `// solc ${solc.version()}, optimizer ${optimizerRuns} runs, EVM ${evmVersion}.`,
    '',
    `import type { ${[...used].sort().join(', ')} } from 'ethers';`,
    '',
    `export const ${base}Abi = ${JSON.stringify(abi)} as const;`,
    '',
    `export const ${base}Bytecode: string = '0x${bytecode}';`,
    '',
    ...resultAliases,
    `/** The \`${contractName}\` contract's methods, typed for ethers v6. */`,
    `export interface ${contractName}Contract extends BaseContract {`,
    `  /** The same contract, sending through another runner. */`,
    `  connect(runner: ContractRunner | null): ${contractName}Contract;`,
    ...methods,
    '}',
    '',
    `/** Each \`${contractName}\` event's arguments, by event name. */`,
    ...byName(`${contractName}EventArgs`, events),
    '',
    `/** Each custom error \`${contractName}\` can revert with, and its arguments, by error name. */`,
    ...byName(`${contractName}ErrorArgs`, errors),
    '',
  ];
  return lines.join('\n');
}

/** A type mapping each item's name to its arguments (an empty record when there are none). */
function byName(typeName, items) {
  if (items.length === 0) return [`export type ${typeName} = Record<string, never>;`];
  return [
    `export interface ${typeName} {`,
    ...items.map((item) => `  ${item.name}: ${argsObject(item.inputs)};`),
    '}',
  ];
}

function assertUniqueNames(contractName, functions) {
  const seen = new Set();
  for (const fn of functions) {
    if (seen.has(fn.name))
      throw new Error(`${contractName}.${fn.name} is overloaded; the generator does not support that.`);
    seen.add(fn.name);
  }
}

function signature(fn) {
  const params = (list) =>
    list.map((param) => `${param.type}${param.name ? ` ${param.name}` : ''}`).join(', ');
  const returns = fn.outputs.length > 0 ? ` returns (${params(fn.outputs)})` : '';
  return `${fn.name}(${params(fn.inputs)})${returns}`;
}

function paramName(param, index) {
  return param.name || `arg${index}`;
}

function inputType(type, used) {
  if (type.endsWith('[]')) return `${inputType(type.slice(0, -2), used)}[]`;
  if (/^u?int\d*$/.test(type)) return use(used, 'BigNumberish');
  if (type === 'address') return use(used, 'AddressLike');
  if (type === 'bool') return 'boolean';
  if (type === 'string') return 'string';
  if (/^bytes\d*$/.test(type)) return use(used, 'BytesLike');
  throw new Error(`Unsupported ABI input type ${type}`);
}

function outputType(type) {
  if (type.endsWith('[]')) return `${outputType(type.slice(0, -2))}[]`;
  if (/^u?int\d*$/.test(type)) return 'bigint';
  if (type === 'bool') return 'boolean';
  if (type === 'address' || type === 'string' || /^bytes\d*$/.test(type)) return 'string';
  throw new Error(`Unsupported ABI output type ${type}`);
}

function use(used, name) {
  used.add(name);
  return name;
}

/** One output is its type; several are ethers' `Result`: a tuple that also has named fields. */
function resultType(outputs) {
  if (outputs.length === 0) return 'void';
  if (outputs.length === 1) return outputType(outputs[0].type);
  const tuple = outputs
    .map((param, index) => `${paramName(param, index)}: ${outputType(param.type)}`)
    .join(', ');
  return `[${tuple}] & ${argsObject(outputs)}`;
}

function argsObject(params) {
  if (params.length === 0) return 'Record<string, never>';
  return `{ ${params.map((param, index) => `${paramName(param, index)}: ${outputType(param.type)}`).join('; ')} }`;
}

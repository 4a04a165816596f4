// The floors as an allow-list (VS Code's code-layering rule), from the one table in floors.js: each
// file stands on a floor that names what it may import, so a folder nobody listed starts forbidden. A
// relative import is resolved against the importing file and judged by the repository path it lands
// on; npm packages are judged by the floor's `packages`.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { allowedInWords, floorOf, mayImport } from './floors.js';

const builtins = new Set(builtinModules);

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]);
}

function repositoryPath(root, file) {
  return relative(root, file).split(sep).join('/');
}

/** The floor of the file a relative import leads to (written without its extension, a `.ts` file). */
function targetFloor(table, target) {
  return floorOf(table, /\.[cm]?[jt]sx?$/.test(target) ? target : `${target}.ts`);
}

/** @type {import('eslint').Rule.RuleModule} */
export const floorImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each floor imports only the floors it lists (an allow-list).' },
    schema: [
      {
        type: 'object',
        properties: { floors: { type: 'array', items: { type: 'object' } } },
        required: ['floors'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden:
        '{{floor}} may import only {{allowed}} and npm packages; "{{specifier}}" leads to {{target}}. Move what it ' +
        'needs down a floor, or pass it in from above.',
      package:
        '{{floor}} may import only Node built-ins (and packages as types only); "{{specifier}}" is an npm package.',
      testHelper:
        '"{{specifier}}" stands on {{targetFloor}}: code that is not a test may not run tests or their helpers. ' +
        'Move what it needs out of the test helper, into the code it tests.',
      noFloor:
        '{{path}} stands on no floor: list its folder in scripts/lint/floors.js with what it may import.',
    },
  },
  create(context) {
    /** @type {import('./floors').Floor[]} */
    const table = context.options[0].floors;
    const root = context.cwd;
    const file = context.filename;
    const floor = floorOf(table, repositoryPath(root, file));

    // Type-only means `import type` / `export type`: under verbatimModuleSyntax an import whose
    // specifiers are each marked `type` still loads its module (`import {} from '...'`).
    function check(node, specifier, typeOnly) {
      if (!floor || typeof specifier !== 'string') return;
      if (!specifier.startsWith('.')) {
        if (floor.packages === 'node' && !typeOnly && !isBuiltin(specifier)) {
          context.report({ node, messageId: 'package', data: { floor: floor.floor, specifier } });
        }
        return;
      }
      const target = repositoryPath(root, resolve(dirname(file), specifier));
      if (!mayImport(floor, target, typeOnly)) {
        context.report({
          node,
          messageId: 'forbidden',
          data: { floor: floor.floor, allowed: allowedInWords(floor), specifier, target },
        });
        return;
      }
      const reached = typeOnly || floor.tests ? null : targetFloor(table, target);
      if (reached?.tests) {
        context.report({ node, messageId: 'testHelper', data: { specifier, targetFloor: reached.floor } });
      }
    }

    return {
      Program(node) {
        if (!floor)
          context.report({ node, messageId: 'noFloor', data: { path: repositoryPath(root, file) } });
      },
      ImportDeclaration(node) {
        check(node.source, node.source.value, node.importKind === 'type');
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node.source, node.source.value, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node.source, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value, false);
      },
      CallExpression(node) {
        const [argument] = node.arguments;
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          argument?.type === 'Literal'
        ) {
          check(argument, argument.value, false);
        }
      },
    };
  },
};

export const floorPlugin = { rules: { 'floor-imports': floorImports } };

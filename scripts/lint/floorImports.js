// The floors as an allow-list (VS Code's code-layering rule): each floor names what it may import,
// so a folder nobody listed starts forbidden. A relative import is resolved against the importing
// file and judged by the repository path it lands on; npm packages are judged by `packages`.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * @typedef {object} FloorOptions
 * @property {string} floor How the importing floor is named in messages, e.g. "protocol/".
 * @property {string[]} may Repository paths (folders or files, without extension) it may import.
 * @property {'any' | 'node'} [packages] 'node': Node built-ins only, other packages as types only.
 */

const builtins = new Set(builtinModules);

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]);
}

/** `path` is `entry` or inside it, segment by segment. */
function within(path, entry) {
  return path === entry || path.startsWith(`${entry}/`);
}

function withoutExtension(path) {
  return path.replace(/\.(ts|tsx|js|mjs|cjs|json)$/, '');
}

/** @type {import('eslint').Rule.RuleModule} */
export const floorImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each floor imports only the floors it lists (an allow-list).' },
    schema: [
      {
        type: 'object',
        properties: {
          floor: { type: 'string' },
          may: { type: 'array', items: { type: 'string' } },
          packages: { enum: ['any', 'node'] },
        },
        required: ['floor', 'may'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden:
        '{{floor}} may import only {{allowed}} and npm packages; "{{specifier}}" leads to {{target}}. Move what it ' +
        'needs down a floor, or pass it in from above.',
      package:
        '{{floor}} may import only Node built-ins (and packages as types only); "{{specifier}}" is an npm package.',
    },
  },
  create(context) {
    /** @type {FloorOptions} */
    const options = context.options[0];
    const root = context.cwd;
    const file = context.filename;
    const allowed = options.may.map((entry) => `${entry}/`).join(', ');

    function check(node, specifier, typeOnly) {
      if (typeof specifier !== 'string') return;
      if (!specifier.startsWith('.')) {
        if (options.packages === 'node' && !typeOnly && !isBuiltin(specifier)) {
          context.report({ node, messageId: 'package', data: { floor: options.floor, specifier } });
        }
        return;
      }
      const target = withoutExtension(
        relative(root, resolve(dirname(file), specifier))
          .split(sep)
          .join('/'),
      );
      if (options.may.some((entry) => within(target, entry))) return;
      context.report({
        node,
        messageId: 'forbidden',
        data: { floor: options.floor, allowed, specifier, target },
      });
    }

    return {
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === 'type' ||
          (node.specifiers.length > 0 && node.specifiers.every((part) => part.importKind === 'type'));
        check(node.source, node.source.value, typeOnly);
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
    };
  },
};

export const floorPlugin = { rules: { 'floor-imports': floorImports } };

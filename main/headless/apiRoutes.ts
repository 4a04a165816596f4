import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppApi } from '../../core/api/appApi';
import { isAppMethod, parseAppArgs } from '../../core/api/appApiSchemas';
import { AppError, toErrorPayload } from '../../core/errors';
import { sendError, sendJson } from './httpReplies';

export const maxBodyBytes = 1024 * 1024;

/** The HTTP status for an error code crossing the boundary. */
export function statusForErrorCode(code: string): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'NETWORK_INVALID':
    case 'PUBLISH_REFUSED':
    case 'WEAK_PASSPHRASE':
      return 400;
    case 'WRONG_PASSPHRASE':
      return 403;
    case 'NOT_FOUND':
    case 'FOLDER_NOT_FOUND':
      return 404;
    case 'IMPORT_RUNNING':
    case 'WALLET_MISSING':
    case 'WALLET_EXISTS':
    case 'WALLET_LOCKED':
    case 'NOT_AN_ARTIST':
      return 409;
    case 'NETWORK_UNREACHABLE':
      return 502;
    case 'MARKET_OFF':
    case 'NO_NETWORK':
    case 'UNAVAILABLE':
      return 503;
    case 'NOT_A_FOLDER':
      return 422;
    default:
      return 500;
  }
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * `POST /api/call/<method>` with a JSON array of arguments: validated by the contract's
 * schemas, then served by the same `AppApi` Electron serves over IPC.
 */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  methodName: string,
  api: AppApi,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, 405, { code: 'BAD_REQUEST', message: 'API calls are POST requests.' });
    return;
  }
  if (!isAppMethod(methodName)) {
    sendError(res, 404, { code: 'NOT_FOUND', message: `There is no API method called "${methodName}".` });
    return;
  }
  if (!isJsonContentType(req.headers['content-type'])) {
    sendError(res, 415, { code: 'BAD_REQUEST', message: 'API calls must be sent as application/json.' });
    return;
  }

  let args: unknown;
  try {
    args = JSON.parse(await readBody(req, maxBodyBytes));
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close');
      sendError(res, 413, { code: 'BAD_REQUEST', message: 'The request is larger than 1 MiB.' });
    } else {
      sendError(res, 400, { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' });
    }
    return;
  }

  try {
    const parsed = parseAppArgs(methodName, args);
    const method = api[methodName] as (...callArgs: unknown[]) => Promise<unknown>;
    const result = await method.apply(api, parsed);
    sendJson(res, 200, { result: result ?? null });
  } catch (error) {
    if (!(error instanceof AppError)) console.error(`busker: ${methodName} failed:`, error);
    const payload = toErrorPayload(error);
    sendError(res, statusForErrorCode(payload.code), payload);
  }
}

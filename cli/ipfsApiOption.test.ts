import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from './cliCommand';
import { resolveIpfsApi } from './ipfsApiOption';

test('--ipfs-api names a Kubo RPC API, and wins over BUSKER_IPFS_API', () => {
  const env = { BUSKER_IPFS_API: 'http://10.0.0.2:5001' };
  assert.equal(resolveIpfsApi('https://kubo.example.org:5001', env), 'https://kubo.example.org:5001/');
  assert.equal(resolveIpfsApi(undefined, env), 'http://10.0.0.2:5001/');
  assert.equal(resolveIpfsApi(undefined, {}), undefined, 'neither: the embedded node');
  assert.throws(
    () => resolveIpfsApi('127.0.0.1:5001', env),
    (error: unknown) =>
      error instanceof UsageError &&
      /^--ipfs-api must be the http:\/\/ or https:\/\/ address of a Kubo RPC API/.test(error.message),
  );
});

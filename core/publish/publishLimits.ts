/**
 * The largest file Busker publishes, and the headless host takes as an upload: 2 GiB. Far above
 * any song or album-length FLAC, and the container is written once more in the data folder while
 * publishing, so the disk needs as much again. (The container format itself allows up to 1 TiB.)
 * In a file of its own so the host can read it without loading the tag reader.
 */
export const MAX_PUBLISH_BYTES = 2 * 1024 ** 3;

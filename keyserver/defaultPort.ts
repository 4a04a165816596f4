// The key server's port unless configured. Apart from config.ts (zod) so that `busker keyserver
// --help` can print it without loading the server's stack.
export const defaultPort = 8787;

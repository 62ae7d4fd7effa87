/** A service for child-service.test.ts whose start fails. */
import { serveUntilStopped } from '../services/protocol';

serveUntilStopped(async () => {
  throw new Error('port 1 is not available to this service');
});

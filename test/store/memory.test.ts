import { memoryDriver } from '../../framework/store/drivers/memory.ts';
import { runDriverSuite } from './driver-suite.ts';

runDriverSuite('memory', async () => {
  const driver = memoryDriver();
  return { driver, commits: async () => driver.commits, cleanup: async () => {} };
});

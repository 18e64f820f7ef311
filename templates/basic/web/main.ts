/** @module The page: unlock with the passphrase, start `greet`, show its result and the last heartbeat. */
import { connectFromPage } from 'gfa/client';

const client = connectFromPage();
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function showHeartbeat(): Promise<void> {
  const beat = await client.kv.getJson<{ runs: number; lastRun: string }>('heartbeat.json');
  $('heartbeat').textContent = beat ? `The scheduled job has run ${beat.runs} time(s), last at ${beat.lastRun}.` : 'The scheduled job has not run yet.';
}

async function opened(): Promise<void> {
  $('unlock').hidden = true;
  $('app').hidden = false;
  await showHeartbeat();
}

$('unlock').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('unlock-error').textContent = 'Unlocking…';
  try {
    // No persist: 'session': sessionStorage is readable by every page of this origin, and project sites share it.
    await client.unlock($<HTMLInputElement>('passphrase').value);
    $('unlock-error').textContent = '';
    await opened();
  } catch (err) {
    $('unlock-error').textContent = message(err);
  }
});

$('greet').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = $('result');
  out.textContent = 'Running the job…';
  try {
    const job = await client.trigger<{ message: string; count: number }>('greet', { name: $<HTMLInputElement>('name').value });
    const { message: text, count } = await job.result();
    out.textContent = `${text} (greeting number ${count})`;
  } catch (err) {
    out.textContent = message(err);
  }
});

if (client.unlocked) void opened();

/** Commands the consumer test runs in the fresh app, as its developer would type them. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a command to its end; its output is kept for the failure message. */
export function run(command: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`${command} ${args.join(' ')} ran over ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Runs a command and fails with its output unless it exits 0. */
export async function runOk(command: string, args: string[], cwd: string, timeoutMs?: number): Promise<string> {
  const result = await run(command, args, cwd, timeoutMs);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.output}`);
  return result.output;
}

export interface Server {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

// Vite prints "➜  Local:   http://127.0.0.1:5173/" once it listens.
const LOCAL_URL = /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/\S*)/;

/** Starts a long-running server command (vite, vite preview) and waits for the URL it prints. */
export function serve(command: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('close', () => done());
        child.kill('SIGTERM');
      });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} printed no URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = LOCAL_URL.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, output: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited ${code} before serving:\n${output}`));
    });
  });
}

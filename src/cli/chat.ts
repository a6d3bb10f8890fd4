// `npm run chat`: talk to the bot in a terminal. Works interactively and with piped input;
// every answer is followed by a line `---`.
import { createInterface } from 'node:readline';
import { userInfo } from 'node:os';
import { loadStartupConfig, ConfigError } from '../config.js';
import { buildBot, buildServices } from '../app.js';
import { createLogger } from '../log.js';
import { consoleMessage } from '../platforms/console.js';
import { DataDirLockedError } from '../store/data-lock.js';

async function main(): Promise<void> {
  const { config, warnings } = loadStartupConfig();
  for (const warning of warnings) process.stderr.write(`警告：${warning}\n`);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'error', true);
  const services = await buildServices(config, logger);
  const bot = buildBot(services, logger);
  const user = { id: userInfo().username || 'console', name: '终端用户', admin: true };
  const interactive = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  if (interactive) {
    process.stdout.write('党建助手（终端）。输入问题或“帮助”，Ctrl+D 退出。\n');
    rl.setPrompt('> ');
    rl.prompt();
  }
  for await (const line of rl) {
    if (line.trim() === '') {
      if (interactive) rl.prompt();
      continue;
    }
    const outcome = await bot.handle(consoleMessage(line, user));
    if (outcome.kind === 'answered') process.stdout.write(`${outcome.reply.markdown}\n---\n`);
    if (interactive) rl.prompt();
  }
  await services.store.close();
}

main().catch((err: unknown) => {
  // Config errors and a data directory in use by another process explain themselves in Chinese.
  process.stderr.write(`${err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : String(err)}\n`);
  process.exit(1);
});

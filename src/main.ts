// Start-up: options → config (environment, then .env) → services → bot → server → schedules;
// graceful shutdown on SIGTERM/SIGINT.
import { ConfigError, KNOWN_VARIABLES, loadStartupConfig, type StartupConfig } from './config.js';
import { createLogger } from './log.js';
import { startService } from './service.js';
import { packageInfo } from './version.js';

function helpText(): string {
  const { version, description } = packageInfo();
  return `党建助手 ${version}：${description}

用法：npm start [-- 选项]    或    node dist/src/main.js [选项]
  -h, --help       显示本说明后退出
  -v, --version    显示版本号后退出

配置全部来自环境变量。优先级：已设置的环境变量 > 当前目录下 .env 文件 > 默认值
（npm start 在项目根目录运行，读取那里的 .env；cp .env.example .env 即可开始）。
不认识的变量（例如把 PORT 写成 PROT）在启动时警告，并给出最接近的变量名。

变量：${KNOWN_VARIABLES.join('、')}
各变量的含义与默认值见 README.md“配置”一节和 .env.example。
`;
}

/** Handles --help/--version; returns false when the server should not start. */
function handleOptions(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(helpText());
      return false;
    }
    if (arg === '-v' || arg === '--version') {
      process.stdout.write(`${packageInfo().version}\n`);
      return false;
    }
  }
  if (args.length > 0) {
    process.stderr.write(`不认识的选项：${args.join(' ')}\n用法见 npm start -- --help\n`);
    process.exitCode = 2;
    return false;
  }
  return true;
}

async function main(): Promise<void> {
  if (!handleOptions(process.argv.slice(2))) return;
  let startup: StartupConfig;
  try {
    startup = loadStartupConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const { config } = startup;
  const logger = createLogger(config.LOG_LEVEL);
  if (startup.envFile !== undefined) logger.info({ envFile: startup.envFile }, 'read .env (variables already set in the environment win)');
  for (const warning of startup.warnings) logger.warn(warning);
  const service = await startService(config, logger);
  // Wall time and CPU time since the process began: on a busy machine the CPU figure is the one
  // that says how long an idle machine would take.
  const cpu = process.cpuUsage();
  logger.info({ version: packageInfo().version, startupMs: Math.round(process.uptime() * 1000), startupCpuMs: Math.round((cpu.user + cpu.system) / 1000) }, 'started');
  if (process.stdout.isTTY === true) {
    const store = service.services.store.kind === 'redis' ? 'Redis' : `内置存储 ${config.DATA_DIR}`;
    process.stderr.write(`党建助手已启动：http://localhost:${service.port}（${store}）。Ctrl+C 停止。\n`);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    service
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

// The VS Code side of flakewise: starts the server for Nix files and wires
// settings, commands and the status bar to it. The decisions live in the
// pure modules next to this one (settings, serverCommand, progress,
// requests), which the unit tests cover; this file is the glue.
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { ProgressTracker, StatusView, progressMiddleware } from './progress';
import { OPTION_TREE_METHOD, requestFailureMessage, resultDocument } from './requests';
import { resolveServer } from './serverCommand';
import { buildServerSettings, reactionTo, serverSettingKeys } from './settings';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let extensionUri: vscode.Uri;
let settingKeys: string[] = [];
const progress = new ProgressTracker();
// Serialises start/stop: a restart never overlaps another.
let lifecycle: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionUri = context.extensionUri;
  const manifest = context.extension.packageJSON as {
    contributes: { configuration: { properties: Record<string, unknown> } };
  };
  settingKeys = serverSettingKeys(manifest.contributes.configuration.properties);

  output = vscode.window.createOutputChannel('flakewise');
  statusItem = vscode.window.createStatusBarItem('flakewise.progress', vscode.StatusBarAlignment.Left, 0);
  statusItem.name = 'flakewise indexing';
  statusItem.command = 'flakewise.showServerLog';
  context.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand('flakewise.restartServer', () => restart()),
    vscode.commands.registerCommand('flakewise.showServerLog', () => output.show(true)),
    vscode.commands.registerCommand('flakewise.showOptionTree', () => showOptionTree()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      switch (reactionTo((s) => e.affectsConfiguration(s))) {
        case 'restart':
          void restart();
          break;
        case 'notify':
          void sendSettings();
          break;
      }
    }),
  );
  await enqueue(start);
}

export function deactivate(): Thenable<void> | undefined {
  return enqueue(stop);
}

function enqueue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

function restart(): Promise<void> {
  output.appendLine('[client] restarting the server');
  return enqueue(async () => {
    await stop();
    await start();
  });
}

/** The settings object the server reads (bare; sent under "flakewise"). */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('flakewise');
  return buildServerSettings(settingKeys, (key) => config.get(key));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function renderStatus(view: StatusView | undefined): void {
  if (!view) {
    statusItem.hide();
    return;
  }
  statusItem.text = view.text;
  statusItem.tooltip = view.tooltip;
  statusItem.show();
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration('flakewise');
  const resolved = resolveServer(config.get<string>('server.path'), config.get<string[]>('server.extraArgs') ?? [], {
    pathEnv: process.env.PATH ?? '',
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isExecutable,
  });
  if (!resolved.ok) {
    output.appendLine(`[client] ${resolved.message}`);
    void showMissingServer(resolved.message);
    return;
  }
  output.appendLine(`[client] starting ${[resolved.command, ...resolved.args].join(' ')}`);
  const serverOptions: ServerOptions = { command: resolved.command, args: resolved.args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'nix' },
      { scheme: 'untitled', language: 'nix' },
    ],
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: serverSettings(),
    middleware: { handleWorkDoneProgress: progressMiddleware(progress, renderStatus) },
  };
  // The id "flakewise" makes the client follow the "flakewise.trace.server" setting.
  const next = new LanguageClient('flakewise', 'flakewise', serverOptions, clientOptions);
  next.onDidChangeState((e) => {
    if (e.newState === State.Stopped) {
      progress.clear();
      renderStatus(undefined);
    }
  });
  client = next;
  try {
    await next.start();
  } catch (e) {
    const message = `flakewise: the server ${resolved.command} did not start: ${e instanceof Error ? e.message : String(e)}`;
    output.appendLine(`[client] ${message}`);
    void vscode.window.showErrorMessage(message, 'Show Server Log').then((pick) => {
      if (pick) output.show(true);
    });
  }
}

async function stop(): Promise<void> {
  const current = client;
  client = undefined;
  progress.clear();
  renderStatus(undefined);
  if (current && current.state !== State.Stopped) {
    try {
      await current.stop();
    } catch (e) {
      output.appendLine(`[client] stopping the server failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

async function showMissingServer(message: string): Promise<void> {
  const pick = await vscode.window.showErrorMessage(message, 'Open Settings', 'Set-up Instructions');
  if (pick === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'flakewise.server.path');
  } else if (pick === 'Set-up Instructions') {
    // vsce stores the README as readme.md in the .vsix; a development
    // checkout has README.md.
    const name = ['readme.md', 'README.md'].find((n) => fs.existsSync(vscode.Uri.joinPath(extensionUri, n).fsPath));
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(extensionUri, name ?? 'README.md'));
  }
}

async function sendSettings(): Promise<void> {
  if (!client || !client.isRunning()) return;
  const settings = serverSettings();
  output.appendLine(`[client] settings changed: ${JSON.stringify(settings)}`);
  await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { flakewise: settings } });
}

async function showOptionTree(): Promise<void> {
  const what = 'the option tree of the workspace';
  if (!client || !client.isRunning()) {
    void vscode.window.showErrorMessage('flakewise: the server is not running; see "flakewise: Show Server Log".');
    return;
  }
  let result: unknown;
  try {
    result = await client.sendRequest(OPTION_TREE_METHOD, {});
  } catch (e) {
    const message = requestFailureMessage(what, OPTION_TREE_METHOD, e);
    output.appendLine(`[client] ${message}`);
    void vscode.window.showErrorMessage(message);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: resultDocument(result) });
  await vscode.window.showTextDocument(doc, { preview: true });
}

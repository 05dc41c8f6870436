import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

/** Every command under `command`, itself included, with its full name (`kabar admin number`). */
function walk(command: Command, prefix = ''): { name: string; command: Command }[] {
  const name = `${prefix}${command.name()}`;
  return [{ name, command }, ...command.commands.flatMap((child) => walk(child, `${name} `))];
}

/** The option lines of a help text: the flags, then at least two spaces, then the description. */
function optionLines(help: string): string[] {
  const section = help.split('\nOptions:\n')[1]?.split('\n\n')[0] ?? '';
  return section.split('\n').filter((line) => /^ {2}-/.test(line));
}

describe('kabar --help', () => {
  const program = buildProgram();
  const admin = program.commands.find((command) => command.name() === 'admin');

  it('describes every option of every kabar admin subcommand in its help', () => {
    const subcommands = admin?.commands ?? [];
    expect(subcommands.map((command) => command.name())).toEqual(['business', 'waba', 'number', 'app', 'token']);
    for (const command of subcommands) {
      const lines = optionLines(command.helpInformation());
      expect(lines.length, command.name()).toBe(command.options.length + 1);
      for (const line of lines) expect(line, `kabar admin ${command.name()}`).toMatch(/^ {2}-\S.*? {2,}\S/);
    }
  });

  it('gives every option of every command a description', () => {
    const undescribed = walk(program).flatMap(({ name, command }) => command.options.filter((option) => option.description.trim() === '').map((option) => `${name} ${option.flags}`));
    expect(undescribed).toEqual([]);
  });

  it('says that kabar admin number adds a CONNECTED number directly, for operators', () => {
    const help = admin?.commands.find((command) => command.name() === 'number')?.helpInformation() ?? '';
    expect(help).toContain('CONNECTED');
    expect(help).toMatch(/operators/i);
  });
});

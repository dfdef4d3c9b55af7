import { CliError, type Command } from '../command.js';

/** Placeholder until `glossa export` is built. @internal */
export const command: Command = {
  summary: '',
  usage: 'glossa export',
  run: () => Promise.reject(new CliError('glossa export is not available in this build')),
};

import { CliError, type Command } from '../command.js';

/** Placeholder until `glossa user` is built. @internal */
export const command: Command = {
  summary: '',
  usage: 'glossa user',
  run: () => Promise.reject(new CliError('glossa user is not available in this build')),
};

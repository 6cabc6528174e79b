/** An expected failure of a command (an unreachable gateway, an error answer): one line, exit 1, no stack. */
export class Failure extends Error {
  override name = 'Failure';
}

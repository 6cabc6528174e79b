/**
 * eventKeyOf on text that is almost a JSON object: whatever `JSON.parse` refuses has no event key,
 * even when a careless scanner would find an `event_id` in it (a missing `:` or `,`, an empty
 * value, text cut short, something before the `{`).
 */
import { describe, expect, it } from 'vitest';
import { eventKeyOf } from '../src/index.ts';

const notJson = [
  'X"event_id":1}', // no `{`: the rest would read as a member list
  '("event_id":1}',
  '{"event_id"12}', // no `:`
  '{"event_id" 12}',
  '{"a":"b"x"event_id":2}', // no `,` between members
  '{"a":1 "event_id":2}',
  '{"event_id":1,"a":}', // an empty value after the id
  '{"event_id":,"a":1}',
  '{"event_id":}',
  '{"event_id":12', // cut short inside a number, a string, an array, an object
  '{"event_id":"abc',
  '{"event_id":1,"a":[1,2',
  '{"event_id":1,"a":{"b":1',
  '{"event_id":1,"a":{"b":{}', // cut short after a nested object closed: the next `}` is not the end
  '{"event_id":1,"a":[[]',
  '{"event_id":1,"a":"\\"}',
  '{event_id:1}',
  '{a"event_id":1}',
  '{\\"event_id":1}',
  '{',
  '',
  '   ',
];

describe('eventKeyOf: not JSON, no key', () => {
  it.each(notJson)('%j', (text) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(eventKeyOf(text)).toBeUndefined();
  });

  it('finds no key in JSON that is not an object', () => {
    for (const text of ['["event_id",1]', '"event_id"', '1', 'null', '[{"event_id":1}]']) expect(eventKeyOf(text), text).toBeUndefined();
  });

  it('finds no key in an empty object, with or without space and a byte order mark', () => {
    for (const text of ['{}', '{ }', ' {\n}\t', '\ufeff{}']) expect(eventKeyOf(text), JSON.stringify(text)).toBeUndefined();
  });

  it('still reads the key of the same members written correctly', () => {
    expect(eventKeyOf('{"event_id":1}')).toBe('1');
    expect(eventKeyOf('{"event_id":12}')).toBe('12');
    expect(eventKeyOf('{"a":"b","event_id":2}')).toBe('2');
    expect(eventKeyOf('{"event_id":1,"a":[1,2]}')).toBe('1');
    expect(eventKeyOf('{"event_id":1,"a":{"b":1}}')).toBe('1');
    expect(eventKeyOf('{"event_id":1,"a":"\\""}')).toBe('1');
  });
});

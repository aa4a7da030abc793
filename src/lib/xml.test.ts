/** The XML writer: escaping, characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/F) removed, names checked. */
import { describe, expect, it } from 'vitest';
import { xmlDocument, xmlElement, xmlEscape, xmlOptional, xmlSafe } from './xml';

describe('xml', () => {
  it('escapes markup in text and attributes; "]]>" cannot survive', () => {
    expect(xmlEscape(`a<b>&"c"'d']]>`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;]]&gt;');
    expect(xmlElement('t', { v: '<"&>' }, 'x ]]> y').xml).toBe('<t v="&lt;&quot;&amp;&gt;">x ]]&gt; y</t>');
  });

  it('removes C0 controls (not tab, LF, CR), lone surrogates and U+FFFE/U+FFFF; keeps pairs', () => {
    const pair = '\uD83C\uDF0A'; // 🌊
    expect(xmlSafe(`a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\th\ni\rj`)).toBe('abcdefg\th\ni\rj');
    expect(xmlSafe(`x\uD800y\uDC00z${pair}\uFFFE\uFFFF`)).toBe(`xyz${pair}`);
    expect(xmlSafe(`\uDC00\uD800`)).toBe('');
    expect(xmlSafe('日本語 é')).toBe('日本語 é');
  });

  it('nests fragments, skips empty children and attributes, self-closes empty elements', () => {
    const doc = xmlElement('a', { x: undefined, y: null, z: 1 }, [
      xmlElement('b', null),
      null,
      false,
      'text',
      3,
    ]);
    expect(doc.xml).toBe('<a z="1"><b/>text3</a>');
    expect(xmlOptional('c', '  ')).toBeNull();
    expect(xmlOptional('c', '\u0001')).toBeNull();
    expect(xmlDocument(xmlElement('r', { 'xml:lang': 'en' }))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<r xml:lang="en"/>\n',
    );
  });

  it('refuses names that are not XML names (no injection through a name)', () => {
    expect(() => xmlElement('a b', null)).toThrow(/not an XML name/);
    expect(() => xmlElement('a><script', null)).toThrow(/not an XML name/);
    expect(() => xmlElement('a', { 'x="1" y': '2' })).toThrow(/attribute name/);
  });
});

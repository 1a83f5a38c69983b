// The runnable examples of a README: each ```ts or ```js block, with the output shown after it
// ("prints" and a ```text block) when there is one.
export interface ReadmeExample {
  lang: 'ts' | 'js';
  code: string;
  /** What it must print (stdout), when the README shows it. */
  output?: string;
  /** The line of its opening fence (1-based), for messages. */
  line: number;
}

export function readmeExamples(markdown: string): ReadmeExample[] {
  const lines = markdown.split('\n');
  const out: ReadmeExample[] = [];
  const block = (from: number): [string, number] => {
    let end = from + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    if (end === lines.length) throw new Error(`README: the code block at line ${from + 1} is not closed`);
    return [lines.slice(from + 1, end).join('\n') + '\n', end];
  };
  for (let i = 0; i < lines.length; i++) {
    const lang = /^```(ts|js)$/.exec(lines[i]!)?.[1] as 'ts' | 'js' | undefined;
    if (!lang) continue;
    const [code, end] = block(i);
    const ex: ReadmeExample = { lang, code, line: i + 1 };
    let j = end + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    if (lines[j] === 'prints') {
      j++;
      while (j < lines.length && lines[j]!.trim() === '') j++;
      if (lines[j] !== '```text') throw new Error(`README: "prints" at line ${j} must be followed by a \`\`\`text block`);
      const [text, tEnd] = block(j);
      ex.output = text;
      j = tEnd;
    }
    out.push(ex);
    i = j;
  }
  return out;
}

import { deflateRawSync } from 'node:zlib';

// A Word document (.docx) written from scratch: an Open XML package is a zip of three XML parts. Enough to hand the
// API's text import a document typed the way a signed Vietnamese legal text is (one paragraph per line, the number
// and the heading of an article in separate runs, as a bold "Điều 1." is typed).

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A zip archive of the given files, deflated, as Word writes them. */
export function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A .docx whose body holds one paragraph per entry; an entry given as several strings is several runs. */
export function wordDocument(paragraphs: readonly (string | readonly string[])[]): Buffer {
  const body = paragraphs
    .map((p) => (typeof p === 'string' ? [p] : p))
    .map((runs) => `<w:p>${runs.map((run) => `<w:r><w:t xml:space="preserve">${escape(run)}</w:t></w:r>`).join('')}</w:p>`)
    .join('');
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${body}</w:body></w:document>`,
  });
}

export interface TextProvision {
  kind: 'chapter' | 'article' | 'clause' | 'point';
  num: string;
  headingVi?: string | null;
  textVi?: string | null;
  children: TextProvision[];
}

/**
 * The paragraphs of a regulation's tree in the standard structure, after a header and title (which the import
 * skips): `Chương I` and its title, `Điều 1.` and its heading, clauses `1.`, points `a)`, further lines of a text as
 * paragraphs of their own.
 */
export function standardParagraphs(chapters: readonly TextProvision[]): (string | string[])[] {
  const out: (string | string[])[] = [
    'BỘ CÔNG AN – BỘ THÔNG TIN VÀ TRUYỀN THÔNG',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'QUY CHẾ',
    'Phối hợp công tác giữa Bộ Công an và Bộ Thông tin và Truyền thông',
  ];
  const write = (nodes: readonly TextProvision[]) => {
    for (const p of nodes) {
      const lines = p.textVi ? p.textVi.split('\n') : [];
      switch (p.kind) {
        case 'chapter':
          out.push(`Chương ${p.num}`, p.headingVi ?? '');
          break;
        case 'article':
          out.push([`Điều ${p.num}.`, ` ${p.headingVi ?? ''}`]);
          break;
        case 'clause':
          out.push([`${p.num}. `, lines.shift() ?? '']);
          break;
        default:
          out.push(`${p.num}) ${lines.shift() ?? ''}`);
      }
      out.push(...lines);
      write(p.children);
    }
  };
  write(chapters);
  return out;
}

// A function the official SDK sends from a plain payload, serialised as the Python SDK of the real integrations
// (fylein/sageintacct-sdk-py, `dict_to_xml`) does: nested objects are elements, lists repeat the element, None is an
// empty element, and a key starting with `@` is an attribute (fyle's `{'update_cctransaction': {'@key': key, …}}`).

import type { IA } from '../xml/support/gateway-harness.ts';

export type Payload = { readonly [k: string]: PayloadValue };
export type PayloadValue = string | number | boolean | null | Payload | readonly PayloadValue[];

function writeValue(xml: IA.Xml.IaXmlWriter, name: string, v: PayloadValue): void {
  if (Array.isArray(v)) {
    for (const item of v) writeValue(xml, name, item);
    return;
  }
  if (v !== null && typeof v === 'object') {
    xml.writeStartElement(name);
    const entries = Object.entries(v as Payload);
    for (const [k, c] of entries) if (k.startsWith('@')) xml.writeAttribute(k.slice(1), String(c), true);
    for (const [k, c] of entries) if (!k.startsWith('@')) writeValue(xml, k, c);
    xml.writeEndElement();
    return;
  }
  xml.writeElement(name, v === null ? '' : String(v), true);
}

/** `<create><VENDOR>…</VENDOR></create>` (or any function element) from a payload, sent by the SDK's client. */
export class PayloadFunction implements IA.Functions.IFunction {
  controlId = 'payload';
  constructor(
    private readonly fn: string,
    private readonly body: Payload,
  ) {}
  writeXml(xml: IA.Xml.IaXmlWriter): void {
    xml.writeStartElement('function');
    xml.writeAttribute('controlid', this.controlId, true);
    writeValue(xml, this.fn, this.body);
    xml.writeEndElement();
  }
}

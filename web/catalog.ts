// The catalog as the page learns it from the real APIs (object list, `lookup`, the REST model endpoint), cached per
// session.

import type { Api, Exchange } from './api.ts';
import { xmlEscape } from './xml.ts';

export interface ObjectEntry {
  readonly xmlName: string;
  readonly restName: string | null;
  readonly label: string;
}

export interface LookupField {
  readonly id: string;
  readonly label: string;
  readonly type: string;
  readonly required: string;
  readonly readonly: string;
  readonly validValues: string;
}
export interface LookupRelationship {
  readonly path: string;
  readonly object: string;
  readonly type: string;
  readonly relatedBy: string;
}
export interface Lookup {
  readonly fields: LookupField[];
  readonly relationships: LookupRelationship[];
  readonly exchange: Exchange;
}

interface ModelFields {
  [name: string]: { type: string; label: string; format?: string; readOnly?: boolean; required?: boolean };
}
export interface RestModel {
  apiObject: string;
  label: string;
  fields: ModelFields;
  groups: Record<string, { fields: ModelFields }>;
  refs: Record<string, { apiObject: string | null; fields: ModelFields }>;
  lists: Record<string, { apiObject: string | null }>;
}

export class CatalogCache {
  private objects: Promise<ObjectEntry[]> | undefined;
  private readonly lookups = new Map<string, Promise<Lookup>>();
  private readonly models = new Map<string, Promise<{ model: RestModel; exchange: Exchange }>>();

  constructor(private readonly api: Api) {}

  listObjects(): Promise<ObjectEntry[]> {
    this.objects ??= this.api
      .json<{ objects: ObjectEntry[] }>('GET', '/console/api/objects')
      .then((r) => r.data.objects);
    this.objects.catch(() => {
      this.objects = undefined;
    });
    return this.objects;
  }

  lookup(object: string): Promise<Lookup> {
    const key = object.toUpperCase();
    let l = this.lookups.get(key);
    if (!l) {
      l = this.api.gateway(`<lookup><object>${xmlEscape(object)}</object></lookup>`).then(({ result, exchange }) => {
        const text = (e: Element, n: string) => e.querySelector(`:scope > ${n}`)?.textContent ?? '';
        const fields = [...result.querySelectorAll('Fields > Field')].map((f) => ({
          id: text(f, 'ID'),
          label: text(f, 'LABEL'),
          type: text(f, 'DATATYPE'),
          required: text(f, 'REQUIRED'),
          readonly: text(f, 'READONLY'),
          validValues: [...f.querySelectorAll('VALIDVALUE')].map((v) => v.textContent ?? '').join(', '),
        }));
        const relationships = [...result.querySelectorAll('Relationships > Relationship')].map((r) => ({
          path: text(r, 'OBJECTPATH'),
          object: text(r, 'OBJECTNAME'),
          type: text(r, 'RELATIONSHIPTYPE'),
          relatedBy: text(r, 'RELATEDBY'),
        }));
        return { fields, relationships, exchange };
      });
      l.catch(() => this.lookups.delete(key));
      this.lookups.set(key, l);
    }
    return l;
  }

  model(restName: string): Promise<{ model: RestModel; exchange: Exchange }> {
    let m = this.models.get(restName);
    if (!m) {
      m = this.api
        .json<{ 'ia::result': RestModel }>('GET', `/ia/api/v1/services/core/model?name=${encodeURIComponent(restName)}`)
        .then((r) => ({ model: r.data['ia::result'], exchange: r.exchange }));
      m.catch(() => this.models.delete(restName));
      this.models.set(restName, m);
    }
    return m;
  }

  /** XML names to offer: the object's fields, then `PATH.FIELD` through each many-to-one relationship. */
  async xmlSuggestions(object: string): Promise<{ value: string; label: string }[]> {
    const l = await this.lookup(object);
    const out = l.fields.map((f) => ({ value: f.id, label: f.label }));
    for (const r of l.relationships.filter((x) => x.type === 'MANY2ONE')) {
      const related = await this.lookup(r.object).catch(() => null);
      out.push(
        ...(related?.fields ?? []).map((f) => ({ value: `${r.path}.${f.id}`, label: `${r.object}: ${f.label}` })),
      );
    }
    return out;
  }

  /** REST paths to offer: fields, group fields and reference fields from the model. */
  async restSuggestions(restName: string): Promise<{ value: string; label: string }[]> {
    const { model } = await this.model(restName);
    const out = Object.entries(model.fields).map(([k, f]) => ({ value: k, label: f.label }));
    for (const [g, { fields }] of Object.entries(model.groups))
      out.push(...Object.entries(fields).map(([k, f]) => ({ value: `${g}.${k}`, label: f.label })));
    for (const [r, { apiObject, fields }] of Object.entries(model.refs)) {
      out.push(
        ...Object.entries(fields).map(([k, f]) => ({ value: `${r}.${k}`, label: `${apiObject ?? r}: ${f.label}` })),
      );
    }
    return out;
  }
}

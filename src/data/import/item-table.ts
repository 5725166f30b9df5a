/** Items in file order with their dense indices, looked up by the dataset's own id. */
import type { ItemRecord } from '../types.ts';
import { excerpt } from './excerpt.ts';
import { ImportError } from './import-error.ts';

export class ItemTable {
  readonly items: ItemRecord[] = [];
  private readonly byId = new Map<string, number>();

  /**
   * @param open when true (no item file was given), unknown ids become new items titled by
   *   their id; when false, an unknown id is IMPORT_UNKNOWN_ITEM.
   */
  constructor(readonly open: boolean, readonly itemFile?: string) {}

  get size(): number {
    return this.items.length;
  }

  /** Adds an item from the item file; a repeated id is IMPORT_BAD_ROW. */
  add(item: Omit<ItemRecord, 'index'>, file: string, line: number): void {
    if (this.byId.has(item.id)) {
      throw new ImportError('IMPORT_BAD_ROW', {
        file,
        line,
        problem: `item ${excerpt(item.id)} is listed twice`,
        fix: 'Keep one row per item id in the item file',
      });
    }
    const index = this.items.length;
    this.byId.set(item.id, index);
    this.items.push({ index, ...item });
  }

  /** Dense index of an item a rating row names. */
  indexOf(id: string, file: string, line: number, field: string): number {
    const index = this.byId.get(id);
    if (index !== undefined) return index;
    if (this.open) {
      const created = this.items.length;
      this.byId.set(id, created);
      this.items.push({ index: created, id, title: id, genres: [] });
      return created;
    }
    throw new ImportError('IMPORT_UNKNOWN_ITEM', {
      file,
      line,
      field,
      problem: `item ${excerpt(id)} is not in ${this.itemFile ?? 'the item file'}`,
      fix: `Add item ${excerpt(id)} to ${this.itemFile ?? 'the item file'} or remove the rows that name it`,
    });
  }
}

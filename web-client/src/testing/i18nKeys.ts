type Tree = { [key: string]: string | Tree };

/** The keys of an i18n resource tree, plural suffixes folded (Vietnamese has one form, English two). */
export function translationKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree)
    .flatMap(([key, value]) =>
      typeof value === 'string' ? [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`] : translationKeys(value, `${prefix}${key}.`),
    )
    .filter((key, index, all) => all.indexOf(key) === index)
    .sort();
}

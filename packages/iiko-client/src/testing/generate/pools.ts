/**
 * Word lists for the generated back office. The first entries of the name lists are fixed on purpose:
 * they carry `&`, quotes and angle brackets so every generated dataset exercises XML escaping.
 */

/** Restaurant (DEPARTMENT) names. */
export const RESTAURANT_NAMES = [
  'Ресторан «Пушкинъ»',
  'Кафе "Жили & Были"',
  "Траттория 'Марио'",
  'Бар <Рюмочная>',
  'Кофейня «На углу»',
  'Пельменная «Сибирь»',
  'Гриль-бар «Огонь»',
  'Чайхана «Самарканд»',
  'Бистро «Щи да каша»',
  'Столовая № 1',
] as const;

/** Store names within a restaurant. */
export const STORE_NAMES = ['Основной склад', 'Бар', 'Кухня', 'Кондитерский цех', 'Склад напитков'] as const;

/** Suppliers every dataset starts with, covering ООО/ИП/АО forms and the characters XML must escape. */
export const FIXED_SUPPLIERS = [
  { name: 'ООО «Молочная ферма»', kind: 'org' },
  { name: 'ИП Иванов А. П.', kind: 'ip', lastName: 'Иванов', firstName: 'Алексей', middleName: 'Петрович' },
  { name: 'АО "Хлеб & Соль"', kind: 'org' },
  { name: "ООО 'Мясной двор'", kind: 'org' },
  { name: 'ООО «Овощи <Опт>»', kind: 'org' },
  { name: 'ИП Смирнова Е. В.', kind: 'ip', lastName: 'Смирнова', firstName: 'Елена', middleName: 'Викторовна' },
] as const;

/** Adjectives and nouns for generated company names (`ООО «Северная долина»`). */
export const COMPANY_ADJECTIVES = ['Северная', 'Свежая', 'Рыбная', 'Южная', 'Фермерская', 'Морская', 'Золотая', 'Зелёная'] as const;
export const COMPANY_NOUNS = ['долина', 'гавань', 'нива', 'торговля', 'поставка', 'база', 'марка', 'линия'] as const;

/** Male surnames, first names and patronymics for ИП names and staff. */
export const LAST_NAMES = ['Петров', 'Сидоров', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов'] as const;
export const FIRST_NAMES = ['Александр', 'Сергей', 'Андрей', 'Дмитрий', 'Алексей', 'Михаил', 'Иван', 'Николай'] as const;
export const MIDDLE_NAMES = ['Петрович', 'Сергеевич', 'Иванович', 'Андреевич', 'Николаевич', 'Дмитриевич'] as const;

/** Address parts. */
export const CITIES = ['г. Москва', 'г. Санкт-Петербург', 'г. Казань', 'г. Новосибирск', 'г. Екатеринбург'] as const;
export const STREETS = ['ул. Ленина', 'пр-т Мира', 'ул. Садовая', 'Промышленная ул.', 'ш. Энтузиастов', 'ул. Заводская'] as const;
/** Landline area codes matching the cities. */
export const AREA_CODES = ['495', '812', '843', '383', '343'] as const;

/** Supplier notes and invoice comments, some with characters XML must escape. */
export const NOTES = ['Доставка пн & чт', 'Оплата по факту', 'Звонить до 10:00', 'Договор № 15/2024 "Поставка"'] as const;
export const COMMENTS = ['Н', 'Недовоз 2 кг & бой 1 шт', 'Счёт <оплачен>', 'Принято "по факту"', 'Возврат тары'] as const;

/** Measurement units (ids from the vendor samples): weight/volume lines get 3-decimal amounts, pieces whole ones. */
export const UNITS = [
  { id: '7ba81c3a-8de5-8f9d-fb9f-e39efcbc57cc', fractional: true, name: 'кг' },
  { id: '69859c74-db72-b006-cba5-326cf6f4fc6e', fractional: false, name: 'шт' },
  { id: 'cd19b5ea-1b32-a6e5-1df7-5d2784a0549a', fractional: true, name: 'л' },
] as const;

/**
 * Product names by unit, each with its group, for the nomenclature (`/resto/api/v2/entities/products/list`).
 * The first entries carry characters JSON must escape (quotes, a backslash).
 */
export const PRODUCT_NAMES: Readonly<Record<string, readonly (readonly [name: string, group: string])[]>> = {
  кг: [
    ['Говядина "вырезка" охл.', 'Мясо и птица'],
    ['Филе куриное', 'Мясо и птица'],
    ['Сёмга с/м', 'Рыба и морепродукты'],
    ['Картофель', 'Овощи и фрукты'],
    ['Лук репчатый', 'Овощи и фрукты'],
    ['Томаты черри', 'Овощи и фрукты'],
    ['Сыр "Пармезан"', 'Молочная продукция'],
    ['Творог 9%', 'Молочная продукция'],
    ['Мука пшеничная в/с', 'Бакалея'],
    ['Сахар-песок', 'Бакалея'],
    ['Рис басмати', 'Бакалея'],
    ['Кофе в зёрнах \\ арабика', 'Напитки'],
  ],
  л: [
    ['Молоко 3,2%', 'Молочная продукция'],
    ['Сливки 33%', 'Молочная продукция'],
    ['Масло подсолнечное раф.', 'Бакалея'],
    ['Сок апельсиновый', 'Напитки'],
    ['Вода минеральная', 'Напитки'],
    ['Соус соевый', 'Бакалея'],
  ],
  шт: [
    ['Яйцо куриное С0', 'Молочная продукция'],
    ['Лимон', 'Овощи и фрукты'],
    ['Багет французский', 'Хлеб и выпечка'],
    ['Круассан', 'Хлеб и выпечка'],
    ['Вино "Шардоне" 0,75 л', 'Напитки'],
    ['Салфетки бумажные (уп.)', 'Хозяйственные товары'],
  ],
};

const TRANSLIT: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** A Latin slug of a Cyrillic name for e-mail domains (`Молочная ферма` → `molochnaya-ferma`). */
export function slug(text: string): string {
  const latin = [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
  return latin.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

"""Finding messages in Kyrgyz, Russian and English, written for the worker who reads them on a
phone. Each template is formatted with the finding's facts (strings).

Codes with several templates pick one by `facts["variant"]`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency

Messages = Mapping[str, str]

TEMPLATES: dict[str, Messages] = {
    "fee.charged_to_worker": {
        "en": "You would have to pay {costs}. The employer must pay every recruitment fee and "
        "cost: they must not take a fee from you.",
        "ru": "От вас требуют оплатить: {costs}. Все сборы и расходы на наём оплачивает "
        "работодатель: брать с вас деньги нельзя.",
        "ky": "Сизден төлөм талап кылынууда: {costs}. Жумушка алуунун бардык чыгымын жумуш "
        "берүүчү төлөйт: сизден акча алууга болбойт.",
    },
    "deposit.required_from_worker": {
        "en": "You would have to leave a deposit of {deposit}. Nobody may ask a worker for a "
        "deposit.",
        "ru": "От вас требуют залог {deposit}. Требовать залог с работника нельзя.",
        "ky": "Сизден {deposit} күрөө талап кылынат. Жумушчудан күрөө талап кылууга болбойт.",
    },
    "documents.retained": {
        "en": "The employer or agency would keep your passport or ID. Nobody may keep your "
        "documents.",
        "ru": "Работодатель или агентство будет держать у себя ваш паспорт. Никто не вправе "
        "забирать ваши документы.",
        "ky": "Жумуш берүүчү же агенттик паспортуңузду өзүндө кармайт. Эч ким сиздин "
        "документтериңизди алып калууга укуксуз.",
    },
    "wage.missing": {
        "en": "The wage is not stated. Do not accept a job without a written wage.",
        "ru": "Зарплата не указана. Не соглашайтесь на работу без письменно указанной зарплаты.",
        "ky": "Айлык акы көрсөтүлгөн эмес. Айлыгы жазылбаган жумушка макул болбоңуз.",
    },
    "wage.below_minimum": {
        "en": "The wage {wage} is below the legal minimum wage in {country}: {minimum}.",
        "ru": "Зарплата {wage} ниже установленного минимума ({country}): {minimum}.",
        "ky": "Айлык {wage} мыйзамдагы эң төмөнкү айлыктан аз ({country}): {minimum}.",
    },
    "wage.net_unclear": {
        "en": "The wage {wage} is after tax and below the minimum before tax, {minimum}. Ask "
        "for the wage before tax.",
        "ru": "Зарплата {wage} указана «на руки» и ниже минимума до вычета налогов ({minimum}). "
        "Уточните зарплату до налогов.",
        "ky": "Айлык {wage} салыктан кийинки сумма жана салыкка чейинки эң төмөнкү айлыктан "
        "({minimum}) аз. Салыкка чейинки айлыкты тактаңыз.",
    },
    "wage.unverifiable": {
        "en": "The wage is in {currency} and the legal minimum in {rule_currency}; no official "
        "exchange rate is recorded, so the wage could not be checked.",
        "ru": "Зарплата указана в {currency}, а минимум — в {rule_currency}; официального курса "
        "нет, поэтому зарплату проверить нельзя.",
        "ky": "Айлык {currency} менен, ал эми эң төмөнкү айлык {rule_currency} менен "
        "көрсөтүлгөн; расмий курс жок, ошондуктан айлыкты текшерүүгө болбойт.",
    },
    "wage.basis_unknown": {
        "en": "It is not said whether the wage is before or after tax; it was checked as the "
        "amount before tax.",
        "ru": "Не указано, зарплата до или после налогов; она проверена как сумма до налогов.",
        "ky": "Айлык салыкка чейинби же кийинби айтылган эмес; салыкка чейинки сумма катары "
        "текшерилди.",
    },
    "wage.no_statutory_minimum": {
        "en": "{country} has no general legal minimum wage; compare the offer with what others "
        "are paid.",
        "ru": "В стране {country} нет общего законного минимума зарплаты; сравните с тем, "
        "сколько платят другим.",
        "ky": "{country} өлкөсүндө жалпы мыйзамдуу эң төмөнкү айлык жок; башкаларга канча "
        "төлөнөрүн салыштырыңыз.",
    },
    "rules.missing": {
        "en": "No rules are recorded for {country}: the wage and hours could not be checked.",
        "ru": "Для страны {country} правила не заведены: зарплату и часы проверить нельзя.",
        "ky": "{country} үчүн эрежелер жок: айлыкты жана иш убактысын текшерүүгө болбойт.",
    },
    "hours.missing": {
        "en": "The weekly working hours are not stated.",
        "ru": "Не указано, сколько часов в неделю нужно работать.",
        "ky": "Жумасына канча саат иштөө керектиги көрсөтүлгөн эмес.",
    },
    "hours.above_normal": {
        "en": "{hours} hours a week is more than the normal {normal} hours in {country}: the "
        "extra hours are overtime and must be paid extra.",
        "ru": "{hours} ч в неделю — больше нормы ({normal} ч, {country}): лишние часы — "
        "сверхурочные, их оплачивают дополнительно.",
        "ky": "Жумасына {hours} саат — ченемден ({normal} саат, {country}) көп: ашыкча "
        "сааттар кошумча төлөнөт.",
    },
    "hours.above_maximum": {
        "en": "{hours} hours a week is more than the legal maximum of {maximum} hours in "
        "{country}.",
        "ru": "{hours} ч в неделю — больше законного максимума ({maximum} ч, {country}).",
        "ky": "Жумасына {hours} саат — мыйзамдагы эң көп убакыттан ({maximum} саат, {country}) "
        "ашат.",
    },
    "deductions.excessive": {
        "en": "Deductions of {deductions} a month would take {share} of the wage; the law "
        "allows at most {cap}.",
        "ru": "Удержания {deductions} в месяц забирают {share} зарплаты; закон разрешает не "
        "больше {cap}.",
        "ky": "Айына {deductions} кармоо айлыктын {share} алат; мыйзам {cap} ашык уруксат бербейт.",
    },
    "deductions.excessive.minimum": {
        "en": "After deductions of {deductions} a month you would keep {left}, less than the "
        "legal minimum wage {minimum}.",
        "ru": "После удержаний {deductions} в месяц у вас останется {left} — меньше "
        "минимальной зарплаты {minimum}.",
        "ky": "Айына {deductions} кармалгандан кийин сизге {left} калат — эң төмөнкү айлыктан "
        "({minimum}) аз.",
    },
    "deductions.unverifiable": {
        "en": "Deductions in {currency} could not be compared with the wage: no official "
        "exchange rate is recorded.",
        "ru": "Удержания в {currency} нельзя сравнить с зарплатой: официального курса нет.",
        "ky": "{currency} менен кармоолорду айлык менен салыштырууга болбойт: расмий курс жок.",
    },
    "contract.language_not_understood": {
        "en": "The contract is not offered in Kyrgyz or Russian ({languages}): ask for a copy "
        "you can read before you sign.",
        "ru": "Договор не предлагается на кыргызском или русском ({languages}): попросите "
        "экземпляр на понятном вам языке до подписания.",
        "ky": "Келишим кыргыз же орус тилинде берилбейт ({languages}): кол коюудан мурун "
        "өзүңүз окуй ала турган нускасын сураңыз.",
    },
    "agency.licence_invalid": {
        "en": "The agency's licence {licence} is {status_en} on {date}: it may not recruit.",
        "ru": "Лицензия агентства {licence} на {date}: {status_ru}. Оно не вправе набирать "
        "работников.",
        "ky": "Агенттиктин {licence} лицензиясы {date} карата: {status_ky}. Ал жумушчу "
        "тандай албайт.",
    },
    "employer.unverified": {
        "en": "The employer has not been verified by the ministry yet.",
        "ru": "Работодатель ещё не проверен министерством.",
        "ky": "Жумуш берүүчү министрлик тарабынан азырынча текшерилген эмес.",
    },
    "employer.suspended": {
        "en": "The employer is suspended: it may not recruit.",
        "ru": "Работодатель отстранён: он не вправе набирать работников.",
        "ky": "Жумуш берүүчүнүн укугу токтотулган: ал жумушчу ала албайт.",
    },
    "route.facts": {
        "en": "{route}: {facts_en}.",
        "ru": "О программе: {facts_ru}.",
        "ky": "Программа жөнүндө: {facts_ky}.",
    },
    "route.age_window": {
        "en": "The ages asked for ({ages}) go beyond the {route} route's limits ({route_ages}).",
        "ru": "Требуемый возраст ({ages}) выходит за пределы программы {route} ({route_ages}).",
        "ky": "Талап кылынган жаш ({ages}) {route} программасынын чегинен ({route_ages}) чыгат.",
    },
    "route.rate_below_minimum": {
        "en": "{route}: the hourly rate {rate} is below the route's minimum of {minimum}.",
        "ru": "{route}: почасовая ставка {rate} ниже минимума программы ({minimum}).",
        "ky": "{route}: сааттык акы {rate} программанын эң төмөнкү акысынан ({minimum}) аз.",
    },
    "route.hours_below_guarantee": {
        "en": "{route}: {hours} hours a week is less than the {guaranteed} paid hours the "
        "route guarantees.",
        "ru": "{route}: {hours} ч в неделю — меньше гарантированных программой {guaranteed} "
        "оплачиваемых часов.",
        "ky": "{route}: жумасына {hours} саат — программа кепилдеген {guaranteed} саатан аз.",
    },
    "route.language_test": {
        "en": "The {route} route requires the {test} language test.",
        "ru": "Для программы {route} нужен языковой тест {test}.",
        "ky": "{route} программасы үчүн {test} тил сынагы керек.",
    },
    "wage.minimum_latest_recorded": {
        "en": "The minimum wage in {country} for {day} is not published yet; the offer was "
        "compared with the minimum in force since {since}.",
        "ru": "Минимальная зарплата в стране {country} на {day} ещё не опубликована; "
        "предложение сравнено с минимумом, действующим с {since}.",
        "ky": "{country} өлкөсүндө {day} үчүн эң төмөнкү айлык али жарыяланган эмес; сунуш "
        "{since} бери күчүндөгү эң төмөнкү айлык менен салыштырылды.",
    },
    "wage.minimum_not_recorded": {
        "en": "We have no record of the minimum wage in {country} on {day}, so the wage could "
        "not be checked. Ask an officer to check it.",
        "ru": "У нас нет данных о минимальной зарплате в стране {country} на {day}, поэтому "
        "зарплату проверить не удалось. Попросите сотрудника проверить её.",
        "ky": "{country} өлкөсүндө {day} күнү эң төмөнкү айлык канча болгону боюнча маалымат "
        "жок, ошондуктан айлык текшерилген жок. Кызматкерден текшерип берүүнү сураныңыз.",
    },
}

#: Licence statuses in each language, for agency.licence_invalid.
STATUS_WORDS = {
    "unknown": {"en": "not on the register", "ru": "не найдена в реестре", "ky": "реестрде жок"},
    "expired": {"en": "expired", "ru": "истекла", "ky": "мөөнөтү бүткөн"},
    "suspended": {"en": "suspended", "ru": "приостановлена", "ky": "токтотулган"},
    "revoked": {"en": "revoked", "ru": "отозвана", "ky": "жокко чыгарылган"},
}


#: Money as the engine writes it in facts: "85 000.50 RUB" or "100.00 RUB/month".
_MONEY = re.compile(r"(\d{1,3}(?:[ \u00a0]\d{3})*(?:\.\d+)?) ([A-Z]{3})(?:/(hour|day|week|month))?")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_COUNTRY = re.compile(r"^[A-Z]{2}$")

#: "per <period>" in each language, placed after (ru) or before (ky) the amount.
PERIOD_WORDS = {
    "hour": {"ru": "в час", "ky": "саатына"},
    "day": {"ru": "в день", "ky": "күнүнө"},
    "week": {"ru": "в неделю", "ky": "жумасына"},
    "month": {"ru": "в месяц", "ky": "айына"},
}


#: Names of the legal routes (rules/*.toml `[[route]]`, keyed by `code`) in Russian and
#: Kyrgyz; the English `name` of the rules file is kept for English and for any route not
#: listed here. Official abbreviations (EPS, E-9, MOHRE) stay as they are.
ROUTE_NAMES: dict[str, dict[str, str]] = {
    "kr.eps_e9": {
        "ru": "Система разрешений на работу (EPS, виза E-9)",
        "ky": "Иш уруксат системасы (EPS, E-9 визасы)",
    },
    "ru.eaeu_worker": {
        "ru": "Работник из страны ЕАЭС (без разрешения на работу и патента)",
        "ky": "ЕАЭБ өлкөсүнүн жумушчусу (иш уруксаты жана патент талап кылынбайт)",
    },
    "kz.eaeu_worker": {
        "ru": "Работник из страны ЕАЭС (без разрешения на работу)",
        "ky": "ЕАЭБ өлкөсүнүн жумушчусу (иш уруксаты талап кылынбайт)",
    },
    "ae.work_permit": {
        "ru": "Разрешение на работу MOHRE и виза резидента от работодателя",
        "ky": "Жумуш берүүчү алып берген MOHRE иш уруксаты жана резидент визасы",
    },
    "gb.seasonal_worker": {
        "ru": "Виза сезонного работника (Seasonal Worker visa)",
        "ky": "Сезондук жумушчу визасы (Seasonal Worker visa)",
    },
    "pl.seasonal_work_permit": {
        "ru": "Разрешение на сезонную работу (zezwolenie na pracę sezonową)",
        "ky": "Сезондук иш уруксаты (zezwolenie na pracę sezonową)",
    },
    "tr.work_permit": {
        "ru": "Разрешение на работу по Закону № 6735 о международной рабочей силе",
        "ky": "Эл аралык жумушчу күчү жөнүндө № 6735 мыйзам боюнча иш уруксаты",
    },
    "de.short_term_quota": {
        "ru": "Краткосрочная работа по квоте (§ 15d BeschV)",
        "ky": "Квота боюнча кыска мөөнөттүү жумуш (§ 15d BeschV)",
    },
    "de.skilled_worker": {
        "ru": "Квалифицированный специалист (Fachkraft, §§ 18a/18b AufenthG)",
        "ky": "Адис (Fachkraft, §§ 18a/18b AufenthG)",
    },
}


def _money_in(lang: str, match: re.Match[str]) -> str:
    amount = Decimal(re.sub(r"[ \u00a0]", "", match.group(1)))
    text = format_currency(amount, match.group(2), locale=lang)
    period = match.group(3)
    if not period:
        return text
    word = PERIOD_WORDS[period][lang]
    return f"{word} {text}" if lang == "ky" else f"{text} {word}"


def localise_fact(key: str, value: str, lang: str) -> str:
    """One fact as a reader of `lang` ("ky" or "ru") writes it: money in the CLDR currency
    format with the period in words ("85 000,50 ₽ в месяц", "айына 85 000,50 RUB"), ISO
    3166-1 country codes as country names (CLDR via Babel), ISO dates as dd.mm.yyyy. English
    ("en") is returned as it is (the API's English messages do not change)."""
    if lang == "en":
        return value
    if key == "country" and _COUNTRY.match(value):
        return str(Locale.parse(lang).territories.get(value, value))
    value = _ISO_DATE.sub(lambda m: f"{m.group(3)}.{m.group(2)}.{m.group(1)}", value)
    return _MONEY.sub(lambda m: _money_in(lang, m), value)


def render(template_key: str, facts: Mapping[str, object]) -> dict[str, str]:
    """{"ky", "ru", "en"} messages of a template filled with `facts`; in ky and ru the money,
    countries and dates in the facts are written as that language writes them
    (`localise_fact`)."""
    values = {k: str(v) for k, v in facts.items()}
    out = {}
    for lang, text in TEMPLATES[template_key].items():
        local = {k: localise_fact(k, v, lang) for k, v in values.items()}
        name = ROUTE_NAMES.get(values.get("route_code", ""), {}).get(lang)
        if name and "route" in local:
            local["route"] = name
        out[lang] = text.format(**local)
    return out

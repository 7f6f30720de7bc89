"""Starter content for the kiosk: what a fresh installation shows before staff edit anything.

`core.seed` loads it once (only what is missing, never over staff edits) and publishes it.
Texts are written for people in a hurry: plain words, short sentences, one idea each.
Markdown bodies use only paragraphs, ##/### headings, lists and **bold**: no links, no HTML.
The Service's site is named as plain text (ssm.gov.kg), never as a link.

`needs_review: True` marks items that content staff should check before relying on them:
they speak in general terms about rules that differ by country or change over time
(registration periods, permits, fees, entry bans, asylum procedure), or about details
that the facts we had did not settle (for example the hotline number for calls from abroad).
"""

STARTER_CONTENT = {
    "topics": [
        {
            "slug": "work-abroad",
            "icon": "briefcase",
            "sort": 10,
            "needs_review": False,
            "texts": {
                "ky": {
                    "title": "Чет өлкөдө иштөө",
                    "summary": "Башка өлкөдө иштөөгө кантип даярдануу керек жана жардамды кайдан алса болот.",
                },
                "ru": {
                    "title": "Работа за рубежом",
                    "summary": "Как подготовиться к работе в другой стране и где получить помощь.",
                },
                "en": {
                    "title": "Working abroad",
                    "summary": "How to get ready for work in another country and where to get help.",
                },
            },
            "articles": [
                {
                    "slug": "before-you-go",
                    "sort": 10,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "Жолго даярдануу",
                            "summary": (
                                "Кетээрден мурун документтерди даярдаңыз, эрежелерди билип, керектүү номерлерди "
                                "сактаңыз."
                            ),
                            "body": (
                                "Жолго чыгардан мурун алдын ала даярданыңыз. Бул убактыңызды жана акчаңызды "
                                "үнөмдөйт, кыйынчылыктан сактайт.\n"
                                "\n"
                                "## Документтер\n"
                                "- Паспортуңуз бүт сапар бою жарактуу экенин текшериңиз.\n"
                                "- Паспорттун жана башка документтердин көчүрмөлөрүн жасаңыз.\n"
                                "- Көчүрмөлөрдү түп нускадан бөлөк сактаңыз. Телефонго сүрөткө тартып алсаңыз да "
                                "болот.\n"
                                "- Дипломуңуз же күбөлүгүңүз болсо, ала кетиңиз.\n"
                                "\n"
                                "## Эрежелерди билиңиз\n"
                                "Ар бир өлкөнүн кирүү, жашоо жана иштөө эрежелери ар башка. Аларды жолго чыгардан "
                                "мурун билип алыңыз:\n"
                                "\n"
                                "- келгенден кийин катталуу керекпи, кайсы мөөнөттө;\n"
                                "- иштөө үчүн кандай документтер керек.\n"
                                "\n"
                                "## Бул номерлерди сактап алыңыз\n"
                                "- **189** — Мамлекеттик миграция кызматынын ышкын линиясы.\n"
                                "- Ошол өлкөдөгү Кыргызстандын элчилигинин же консулдугунун телефону.\n"
                                "- Үйдөгү жакын адамыңыздын телефону.\n"
                                "\n"
                                "Үй-бүлөңүзгө жашай турган дарегиңизди жана иш берүүчүнүн телефонун калтырыңыз.\n"
                                "\n"
                                "Суроо барбы? Жолго чыгардан мурун **189** номерине чалыңыз. Эрежелерди «Справочник "
                                "мигранта» Android тиркемесинен да окуй аласыз. Кененирээк: ssm.gov.kg.\n"
                            ),
                        },
                        "ru": {
                            "title": "Подготовка к отъезду",
                            "summary": (
                                "Перед отъездом подготовьте документы, узнайте правила и сохраните нужные номера."
                            ),
                            "body": (
                                "Готовьтесь заранее. Это сбережёт время и деньги и убережёт от проблем.\n"
                                "\n"
                                "## Документы\n"
                                "- Проверьте, что паспорт действует на всё время поездки.\n"
                                "- Сделайте копии паспорта и других документов.\n"
                                "- Храните копии отдельно от оригиналов. Фото на телефоне тоже поможет.\n"
                                "- Возьмите с собой дипломы и свидетельства, если они есть.\n"
                                "\n"
                                "## Узнайте правила\n"
                                "В каждой стране свои правила въезда, пребывания и работы. Узнайте их до отъезда:\n"
                                "\n"
                                "- нужно ли после приезда встать на учёт и в какой срок;\n"
                                "- какие документы нужны для работы.\n"
                                "\n"
                                "## Сохраните номера\n"
                                "- **189** — горячая линия Государственной службы миграции.\n"
                                "- Телефон посольства или консульства Кыргызстана в этой стране.\n"
                                "- Телефон близкого человека дома.\n"
                                "\n"
                                "Оставьте родным адрес, где будете жить, и телефон работодателя.\n"
                                "\n"
                                "Есть вопросы? Позвоните **189** до отъезда. Правила есть и в Android-приложении "
                                "«Справочник мигранта». Подробнее: ssm.gov.kg.\n"
                            ),
                        },
                        "en": {
                            "title": "Getting ready to go",
                            "summary": (
                                "Before you leave, prepare your documents, learn the rules and save useful numbers."
                            ),
                            "body": (
                                "Get ready well before you leave. It saves time and money and keeps you out of "
                                "trouble.\n"
                                "\n"
                                "## Documents\n"
                                "- Check that your passport is valid for your whole trip.\n"
                                "- Make copies of your passport and other documents.\n"
                                "- Keep the copies apart from the originals. A photo on your phone helps too.\n"
                                "- Take your diplomas and certificates, if you have them.\n"
                                "\n"
                                "## Know the rules\n"
                                "Every country has its own rules for entry, stay and work. Learn them before you go:\n"
                                "\n"
                                "- do you need to register after you arrive, and by when;\n"
                                "- which documents you need for work.\n"
                                "\n"
                                "## Save these numbers\n"
                                "- **189** — migration hotline of the State Migration Service.\n"
                                "- The Kyrgyz embassy or consulate in that country.\n"
                                "- A relative at home.\n"
                                "\n"
                                "Leave your address abroad and your employer's phone number with your family.\n"
                                "\n"
                                "Not sure about something? Call **189** before you leave. You can also read the "
                                'rules in the Android app "Справочник мигранта" (Migrant\'s Handbook). More details: '
                                "ssm.gov.kg.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "work-contract",
                    "sort": 20,
                    "needs_review": False,
                    "texts": {
                        "ky": {
                            "title": "Эмгек келишими",
                            "summary": "Жазуу жүзүндөгү келишим эмгек акыңызды жана укуктарыңызды коргойт.",
                            "body": (
                                "Жазуу жүзүндөгү келишим сизди коргойт. Келишим жок болсо, эмгек акыны алуу жана "
                                "укуктарыңызды коргоо кыйын.\n"
                                "\n"
                                "## Кол коюудан мурун\n"
                                "- Келишимди өзүңүз түшүнгөн тилде сураңыз.\n"
                                "- Аны толук окуп чыгыңыз. Түшүнүксүз жерин сураңыз.\n"
                                "- Бош баракка кол койбоңуз.\n"
                                "\n"
                                "## Келишимде эмне жазылышы керек\n"
                                "- Иш берүүчүнүн аталышы жана дареги.\n"
                                "- Сиздин ишиңиз жана иштей турган жериңиз.\n"
                                "- Эмгек акынын өлчөмү жана ал качан төлөнөрү.\n"
                                "- Иш убактысы жана дем алыш күндөрү.\n"
                                "- Иштин башталган күнү жана мөөнөтү.\n"
                                "- Турак жай жана тамак, эгер иш берүүчү берсе.\n"
                                "\n"
                                "## Кол койгондон кийин\n"
                                "- Келишимдин өзүңүздөгү нускасын сактаңыз.\n"
                                "- Паспортуңузду өзүңүздө кармаңыз. Аны иш берүүчүгө сактоого бербеңиз.\n"
                                "- Эмгек акы боюнча кагаздарды жана квитанцияларды сактаңыз.\n"
                                "\n"
                                "Келишим боюнча суроо барбы? **189** ышкын линиясына чалыңыз.\n"
                            ),
                        },
                        "ru": {
                            "title": "Трудовой договор",
                            "summary": "Письменный договор защищает вашу зарплату и ваши права.",
                            "body": (
                                "Письменный договор защищает вас. Без него трудно получить зарплату и отстоять свои "
                                "права.\n"
                                "\n"
                                "## Перед подписью\n"
                                "- Попросите договор на понятном вам языке.\n"
                                "- Прочитайте его целиком. Спросите обо всём, что непонятно.\n"
                                "- Не подписывайте пустые листы.\n"
                                "\n"
                                "## Что должно быть в договоре\n"
                                "- Название и адрес работодателя.\n"
                                "- Ваша работа и место работы.\n"
                                "- Размер зарплаты и когда её платят.\n"
                                "- Часы работы и выходные дни.\n"
                                "- Дата начала и срок работы.\n"
                                "- Жильё и питание, если их даёт работодатель.\n"
                                "\n"
                                "## После подписи\n"
                                "- Храните свой экземпляр договора.\n"
                                "- Паспорт держите при себе. Не отдавайте его работодателю на хранение.\n"
                                "- Сохраняйте расчётные листки и квитанции.\n"
                                "\n"
                                "Есть вопрос по договору? Звоните на горячую линию **189**.\n"
                            ),
                        },
                        "en": {
                            "title": "Your work contract",
                            "summary": "A written contract protects your pay and your rights.",
                            "body": (
                                "A written contract protects you. Without it, it is hard to get your pay or defend "
                                "your rights.\n"
                                "\n"
                                "## Before you sign\n"
                                "- Ask for the contract in a language you understand.\n"
                                "- Read all of it. Ask about anything that is not clear.\n"
                                "- Never sign blank pages.\n"
                                "\n"
                                "## What the contract should say\n"
                                "- Name and address of the employer.\n"
                                "- Your job and where you will work.\n"
                                "- How much you are paid and when.\n"
                                "- Working hours and days off.\n"
                                "- Start date and how long the work lasts.\n"
                                "- Housing and food, if the employer gives them.\n"
                                "\n"
                                "## After you sign\n"
                                "- Keep your own copy of the contract.\n"
                                "- Keep your passport with you. Do not give it to the employer to hold.\n"
                                "- Keep payslips and receipts.\n"
                                "\n"
                                "Have a question about a contract? Call the migration hotline **189**.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "fake-job-offers",
                    "sort": 30,
                    "needs_review": False,
                    "texts": {
                        "ky": {
                            "title": "Алдамчы жумуш сунуштары",
                            "summary": "Жеңил жумуш жана чоң айлык убада кылышса, этият болуңуз.",
                            "body": (
                                "Кээ бир адамдар чет өлкөдө жеңил жумуш жана чоң айлык убада кылышат. Кээде бул "
                                "алдамчылык болуп чыгат.\n"
                                "\n"
                                "## Кооптуу белгилер\n"
                                "- Айлык адаттагыдан бир топ көп.\n"
                                "- Алдын ала көп акча сурашат.\n"
                                "- Паспортуңузду өздөрүнө калтырууну талап кылышат.\n"
                                "- Жазуу жүзүндөгү келишим жок.\n"
                                "- «Эч кандай документ керек эмес» дешет.\n"
                                "- «Бүгүн эле чечиңиз» деп шаштырышат.\n"
                                "\n"
                                "## Өзүңүздү коргоңуз\n"
                                "- Паспортуңузду эч кимге сактоого бербеңиз.\n"
                                "- Келишимди көрмөйүнчө чоң акча төлөбөңүз.\n"
                                "- Иш берүүчүнүн толук аталышын жана дарегин сураңыз.\n"
                                "- Үй-бүлөңүзгө кайда жана ким менен кетип жатканыңызды айтыңыз.\n"
                                "\n"
                                "Күмөнүңүз болсо, акча төлөөдөн же жолго чыгуудан мурун **189** номерине чалыңыз. "
                                "Кызмат чет өлкөдө иштөөнүн эрежелерин түшүндүрүп берет.\n"
                                "\n"
                                "Чет өлкөдө кыйынчылыкка кабылсаңыз, Кыргыз Республикасынын элчилигине же "
                                "консулдугуна кайрылыңыз.\n"
                            ),
                        },
                        "ru": {
                            "title": "Осторожно: ложные вакансии",
                            "summary": "Если обещают лёгкую работу и большие деньги, будьте осторожны.",
                            "body": (
                                "Иногда людям обещают лёгкую работу за границей и большую зарплату. Бывает, что это "
                                "обман.\n"
                                "\n"
                                "## Тревожные признаки\n"
                                "- Зарплата намного выше обычной.\n"
                                "- Просят много денег вперёд.\n"
                                "- Хотят забрать ваш паспорт.\n"
                                "- Нет письменного договора.\n"
                                "- Говорят, что документы не нужны.\n"
                                "- Торопят: «Решайте сегодня».\n"
                                "\n"
                                "## Как защитить себя\n"
                                "- Никому не отдавайте паспорт на хранение.\n"
                                "- Не платите крупные суммы, пока не увидите договор.\n"
                                "- Узнайте полное название и адрес работодателя.\n"
                                "- Скажите родным, куда и с кем вы едете.\n"
                                "\n"
                                "Сомневаетесь? Позвоните **189**, прежде чем платить или ехать. Служба разъясняет "
                                "правила работы за рубежом.\n"
                                "\n"
                                "Если вы уже за границей и попали в беду, обратитесь в посольство или консульство "
                                "Кыргызской Республики.\n"
                            ),
                        },
                        "en": {
                            "title": "Beware of fake job offers",
                            "summary": "Easy work and high pay may be a trap: learn the warning signs.",
                            "body": (
                                "Some people promise easy work abroad with high pay. Sometimes it is a trap.\n"
                                "\n"
                                "## Warning signs\n"
                                "- The pay is much higher than usual.\n"
                                "- They ask for a lot of money in advance.\n"
                                "- They want to keep your passport.\n"
                                "- There is no written contract.\n"
                                "- They say you need no documents.\n"
                                "- They push you to decide today.\n"
                                "\n"
                                "## Protect yourself\n"
                                "- Do not give your passport to anyone to hold.\n"
                                "- Do not pay large sums before you see a contract.\n"
                                "- Ask for the full name and address of the employer.\n"
                                "- Tell your family where you are going and with whom.\n"
                                "\n"
                                "Not sure? Call **189** before you pay or travel. The Service explains the rules for "
                                "working abroad.\n"
                                "\n"
                                "If you are already abroad and in trouble, contact the embassy or consulate of the "
                                "Kyrgyz Republic.\n"
                            ),
                        },
                    },
                },
            ],
        },
        {
            "slug": "eaeu",
            "icon": "globe",
            "sort": 20,
            "needs_review": False,
            "texts": {
                "ky": {
                    "title": "Евразия экономикалык биримдиги",
                    "summary": (
                        "Кыргызстан ЕАЭБдин мүчөсү: анын жарандары мүчө өлкөлөрдө иштөөгө уруксатсыз эле иштей алышат."
                    ),
                },
                "ru": {
                    "title": "ЕАЭС: работа в странах Союза",
                    "summary": (
                        "Кыргызстан — член ЕАЭС: его граждане могут работать в странах Союза без разрешения на работу."
                    ),
                },
                "en": {
                    "title": "Eurasian Economic Union (EAEU)",
                    "summary": (
                        "Kyrgyzstan is an EAEU member: its citizens can work in member states without a work permit."
                    ),
                },
            },
            "articles": [
                {
                    "slug": "what-is-eaeu",
                    "sort": 10,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "ЕАЭБ деген эмне?",
                            "summary": "ЕАЭБге кайсы өлкөлөр кирет жана бул сиз үчүн эмнени билдирет.",
                            "body": (
                                "Евразия экономикалык биримдиги (ЕАЭБ) — мамлекеттердин биримдиги. Кыргызстан анын "
                                "мүчөсү.\n"
                                "\n"
                                "## Мүчө мамлекеттер\n"
                                "- Армения\n"
                                "- Беларусь\n"
                                "- Казакстан\n"
                                "- Кыргызстан\n"
                                "- Россия\n"
                                "\n"
                                "## Бул сиз үчүн эмнени билдирет\n"
                                "Евразия экономикалык биримдиги жөнүндө келишимге ылайык, мүчө мамлекеттердин "
                                "жарандары Биримдиктин башка өлкөлөрүндө иштей алышат.\n"
                                "\n"
                                "- Иштөөгө уруксат алуунун **кереги жок**.\n"
                                "- Иш берүүчү менен эмгек келишими **сөзсүз керек**.\n"
                                "- Иштеген өлкөңүздүн мыйзамдарын сактоо керек.\n"
                                "\n"
                                "## Эрежелер ар башка\n"
                                "Ар бир өлкөнүн келүү, жашоо жана каттоо эрежелери бар. Мөөнөттөр жана төлөмдөр да "
                                "ар башка болушу мүмкүн. Аларды жолго чыгардан мурун билип алыңыз.\n"
                                "\n"
                                "Түшүндүрмө алуу үчүн **189** ышкын линиясына чалыңыз. Эрежелер «Справочник "
                                "мигранта» Android тиркемесинде да бар. Кененирээк: ssm.gov.kg.\n"
                            ),
                        },
                        "ru": {
                            "title": "Что такое ЕАЭС",
                            "summary": "Какие страны входят в ЕАЭС и что это значит для вас.",
                            "body": (
                                "Евразийский экономический союз (ЕАЭС) — это союз государств. Кыргызстан — его член.\n"
                                "\n"
                                "## Страны ЕАЭС\n"
                                "- Армения\n"
                                "- Беларусь\n"
                                "- Казахстан\n"
                                "- Кыргызстан\n"
                                "- Россия\n"
                                "\n"
                                "## Что это значит для вас\n"
                                "По Договору о Евразийском экономическом союзе граждане стран-членов могут работать "
                                "в других странах Союза.\n"
                                "\n"
                                "- Разрешение на работу **не нужно**.\n"
                                "- Трудовой договор с работодателем **нужен**.\n"
                                "- Законы страны, где вы работаете, нужно соблюдать.\n"
                                "\n"
                                "## Правила в странах разные\n"
                                "В каждой стране свои правила въезда, пребывания и регистрации. Сроки и платежи тоже "
                                "могут отличаться. Узнайте их до поездки.\n"
                                "\n"
                                "За разъяснениями звоните на горячую линию **189**. Правила есть и в "
                                "Android-приложении «Справочник мигранта». Подробнее: ssm.gov.kg.\n"
                            ),
                        },
                        "en": {
                            "title": "What is the EAEU?",
                            "summary": "Which countries are in the EAEU and what this means for you.",
                            "body": (
                                "The Eurasian Economic Union (EAEU) is a union of states. Kyrgyzstan is a member.\n"
                                "\n"
                                "## Member states\n"
                                "- Armenia\n"
                                "- Belarus\n"
                                "- Kazakhstan\n"
                                "- Kyrgyzstan\n"
                                "- Russia\n"
                                "\n"
                                "## What this means for you\n"
                                "Under the Treaty on the Eurasian Economic Union, citizens of member states can work "
                                "in the other member states.\n"
                                "\n"
                                "- You do **not** need a work permit.\n"
                                "- You **do** need a contract with an employer.\n"
                                "- You must follow the laws of the country where you work.\n"
                                "\n"
                                "## Rules differ\n"
                                "Each country has its own rules for arrival, stay and registration. Deadlines and "
                                "fees can differ too. Check them before you go.\n"
                                "\n"
                                "Call the migration hotline **189** for explanations. The rules are also in the "
                                'Android app "Справочник мигранта" (Migrant\'s Handbook). More details: ssm.gov.kg.\n'
                            ),
                        },
                    },
                },
                {
                    "slug": "working-in-eaeu",
                    "sort": 20,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "ЕАЭБ өлкөсүндө иштөө",
                            "summary": "Иштөөгө уруксат керек эмес, бирок башка эрежелерди сактоо керек.",
                            "body": (
                                "ЕАЭБ өлкөсүндө иштөөгө уруксатсыз эле иштей аласыз. Бирок сактай турган эрежелер "
                                "бар.\n"
                                "\n"
                                "## Ишке чыгардан мурун\n"
                                "1. Өлкөгө жарактуу паспорт менен кириңиз.\n"
                                "2. Жашаган жериңиз боюнча катталуу керекпи, кайсы мөөнөттө экенин билип алыңыз.\n"
                                "3. Иш берүүчү менен жазуу жүзүндө эмгек келишимин түзүңүз.\n"
                                "4. Паспорттун жана келишимдин көчүрмөлөрүн сактаңыз.\n"
                                "\n"
                                "## Иштеп жүргөндө\n"
                                "- Паспортуңузду же анын көчүрмөсүн жаныңызда алып жүрүңүз.\n"
                                "- Келишимди жана эмгек акы боюнча кагаздарды сактаңыз.\n"
                                "- Жашоо эрежелерин сактаңыз. Мөөнөтүңүз бүткөнчө чыгып кетиңиз же аны убагында "
                                "узартыңыз.\n"
                                "- Келишим бүтсө, өлкөдө дагы канча убакыт жүрө аларыңызды тактаңыз.\n"
                                "\n"
                                "## Көйгөй чыкса\n"
                                "- Иш берүүчү айлык төлөбөсө.\n"
                                "- Документтериңизди алып коюшса.\n"
                                "- Сизди кармап калышса.\n"
                                "\n"
                                "Мындай учурда Кыргыз Республикасынын элчилигине же консулдугуна кайрылыңыз. Кеңеш "
                                "алуу үчүн **189** ышкын линиясына да чалсаңыз болот.\n"
                                "\n"
                                "Эрежелер жана мөөнөттөр ар бир өлкөдө ар башка. Кененирээк: **189** жана ssm.gov.kg.\n"
                            ),
                        },
                        "ru": {
                            "title": "Работа в стране ЕАЭС",
                            "summary": "Разрешение на работу не нужно, но другие правила соблюдать надо.",
                            "body": (
                                "В стране ЕАЭС можно работать без разрешения на работу. Но правила всё равно есть.\n"
                                "\n"
                                "## До начала работы\n"
                                "1. Въезжайте в страну с действующим паспортом.\n"
                                "2. Узнайте, нужно ли встать на учёт по месту пребывания и в какой срок.\n"
                                "3. Заключите с работодателем письменный трудовой договор.\n"
                                "4. Сохраните копии паспорта и договора.\n"
                                "\n"
                                "## Во время работы\n"
                                "- Носите с собой паспорт или его копию.\n"
                                "- Храните договор и документы о зарплате.\n"
                                "- Соблюдайте правила пребывания. Вовремя выезжайте или продлевайте срок.\n"
                                "- Если договор закончился, узнайте, сколько ещё можно оставаться в стране.\n"
                                "\n"
                                "## Если что-то случилось\n"
                                "- Работодатель не платит зарплату.\n"
                                "- У вас забрали документы.\n"
                                "- Вас задержали.\n"
                                "\n"
                                "В таких случаях обращайтесь в посольство или консульство Кыргызской Республики. За "
                                "советом можно позвонить и на горячую линию **189**.\n"
                                "\n"
                                "Правила и сроки в каждой стране свои. Подробнее: **189** и ssm.gov.kg.\n"
                            ),
                        },
                        "en": {
                            "title": "Working in an EAEU country",
                            "summary": "No work permit is needed, but there are still rules to follow.",
                            "body": (
                                "You can work in an EAEU country without a work permit. But there are still rules.\n"
                                "\n"
                                "## Before you start work\n"
                                "1. Enter the country with a valid passport.\n"
                                "2. Find out if you must register at your place of stay, and by when.\n"
                                "3. Sign a written contract with the employer.\n"
                                "4. Keep copies of your passport and contract.\n"
                                "\n"
                                "## While you work\n"
                                "- Carry your passport or a copy of it.\n"
                                "- Keep your contract and your pay documents.\n"
                                "- Follow the rules of stay. Leave on time, or extend your stay in time.\n"
                                "- If your contract ends, find out how long you may still stay.\n"
                                "\n"
                                "## If something goes wrong\n"
                                "- The employer does not pay you.\n"
                                "- Someone has taken your documents.\n"
                                "- You are detained.\n"
                                "\n"
                                "In such cases, contact the embassy or consulate of the Kyrgyz Republic. You can "
                                "also call the migration hotline **189** for advice.\n"
                                "\n"
                                "Rules and deadlines are different in each country. Details: **189** and ssm.gov.kg.\n"
                            ),
                        },
                    },
                },
            ],
        },
        {
            "slug": "before-you-travel",
            "icon": "passport",
            "sort": 30,
            "needs_review": False,
            "texts": {
                "ky": {
                    "title": "Жолго чыгардан мурун",
                    "summary": "Чет өлкөгө ар кандай сапар үчүн кыска тизме: документтер, эрежелер, номерлер.",
                },
                "ru": {
                    "title": "Перед поездкой",
                    "summary": "Короткий список для любой поездки за границу: документы, правила, телефоны.",
                },
                "en": {
                    "title": "Before you travel",
                    "summary": "A short checklist for any trip abroad: documents, rules and phone numbers.",
                },
            },
            "articles": [
                {
                    "slug": "travel-checklist",
                    "sort": 10,
                    "needs_review": False,
                    "texts": {
                        "ky": {
                            "title": "Сапар алдындагы тизме",
                            "summary": "Үйдөн чыгардан мурун бул тизмени текшерип чыгыңыз.",
                            "body": (
                                "Үйдөн чыгардан мурун ар бир пунктту текшериңиз.\n"
                                "\n"
                                "## Документтер\n"
                                "- Паспортуңуз бүт сапар бою жарактуу.\n"
                                "- Ал өлкөгө виза керек болсо, виза алынган.\n"
                                "- Билеттер жана жашай турган жериңиздин дареги даяр.\n"
                                "- Паспорттун жана билеттердин көчүрмөлөрү түп нускадан бөлөк сакталат.\n"
                                "- Сиз менен бирге бара турган балдардын документтери даяр.\n"
                                "\n"
                                "## Акча жана ден соолук\n"
                                "- Алгачкы күндөргө жетиштүү акча.\n"
                                "- Дайыма ичип жүргөн дарыларыңыз.\n"
                                "\n"
                                "## Телефон номерлери\n"
                                "- **189** — Мамлекеттик миграция кызматынын ышкын линиясы.\n"
                                "- Бара турган өлкөдөгү Кыргызстандын элчилиги же консулдугу.\n"
                                "- Үйдөгү жакын адамыңыз.\n"
                                "\n"
                                "## Эрежелер\n"
                                "- Ал өлкөгө кирүү жана ал жерде жүрүү эрежелери.\n"
                                "- Келгенден кийин катталуу керекпи жана кайсы мөөнөттө.\n"
                                "\n"
                                "Эрежелер боюнча күмөнүңүз болсо, **189** номерине чалыңыз. «Справочник мигранта» "
                                "Android тиркемеси да чет өлкөдө жүрүү эрежелерин түшүндүрөт.\n"
                            ),
                        },
                        "ru": {
                            "title": "Список перед поездкой",
                            "summary": "Пройдитесь по этому списку до выхода из дома.",
                            "body": (
                                "Проверьте каждый пункт до выхода из дома.\n"
                                "\n"
                                "## Документы\n"
                                "- Паспорт действует на всё время поездки.\n"
                                "- Есть виза, если страна её требует.\n"
                                "- Есть билеты и адрес, где вы будете жить.\n"
                                "- Копии паспорта и билетов лежат отдельно от оригиналов.\n"
                                "- Готовы документы детей, которые едут с вами.\n"
                                "\n"
                                "## Деньги и здоровье\n"
                                "- Денег хватит на первые дни.\n"
                                "- С собой лекарства, которые вы принимаете постоянно.\n"
                                "\n"
                                "## Телефоны\n"
                                "- **189** — горячая линия Государственной службы миграции.\n"
                                "- Посольство или консульство Кыргызстана в стране поездки.\n"
                                "- Близкий человек дома.\n"
                                "\n"
                                "## Правила\n"
                                "- Правила въезда и пребывания в стране поездки.\n"
                                "- Нужна ли регистрация после приезда и в какой срок.\n"
                                "\n"
                                "Сомневаетесь в правилах? Звоните **189**. Правила пребывания за рубежом объясняет и "
                                "Android-приложение «Справочник мигранта».\n"
                            ),
                        },
                        "en": {
                            "title": "Travel checklist",
                            "summary": "Go through this list before you leave home.",
                            "body": (
                                "Check each point before you leave home.\n"
                                "\n"
                                "## Documents\n"
                                "- Your passport is valid for the whole trip.\n"
                                "- You have a visa, if the country requires one.\n"
                                "- You have your tickets and the address where you will stay.\n"
                                "- Copies of your passport and tickets are kept apart from the originals.\n"
                                "- Documents for children who travel with you are ready.\n"
                                "\n"
                                "## Money and health\n"
                                "- Enough money for the first days.\n"
                                "- Medicines you take every day.\n"
                                "\n"
                                "## Phone numbers\n"
                                "- **189** — migration hotline of the State Migration Service.\n"
                                "- The Kyrgyz embassy or consulate in the country you are going to.\n"
                                "- A relative at home.\n"
                                "\n"
                                "## Rules\n"
                                "- Entry and stay rules of the country you are going to.\n"
                                "- Whether you must register after arrival, and by when.\n"
                                "\n"
                                'Not sure about the rules? Call **189**. The Android app "Справочник мигранта" '
                                "(Migrant's Handbook) also explains the rules of stay abroad.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "rules-of-stay",
                    "sort": 20,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "Чет өлкөдө жүрүү эрежелери",
                            "summary": "Эрежелерди сактасаңыз, айып пулдан жана өлкөдөн чыгарылуудан сактанасыз.",
                            "body": (
                                "Ар бир өлкөнүн чет элдиктер үчүн өз эрежелери бар. Аларды бузсаңыз, айып пул "
                                "салынышы, өлкөдөн чыгарылышыңыз же кайра кирүүгө тыюу салынышы мүмкүн.\n"
                                "\n"
                                "## Негизги эрежелер\n"
                                "- Өлкөгө мыйзамдуу түрдө, расмий өткөрүү пункту аркылуу кириңиз.\n"
                                "- Өлкө талап кылса, жашаган жериңиз боюнча катталыңыз. Муну өз убагында жасаңыз.\n"
                                "- Уруксат берилген мөөнөттөн ашык калбаңыз.\n"
                                "- Керектүү документтер жана келишим менен гана иштеңиз.\n"
                                "- Паспортуңузду жоготпоңуз. Аны же көчүрмөсүн жаныңызда алып жүрүңүз.\n"
                                "- Жергиликтүү мыйзамдарды жана салттарды урматтаңыз.\n"
                                "\n"
                                "## Документтериңиз жоголсо же уурдалса\n"
                                "- Жергиликтүү полицияга кабарлаңыз.\n"
                                "- Кыргыз Республикасынын элчилигине же консулдугуна кайрылыңыз.\n"
                                "\n"
                                "Эрежелер жана мөөнөттөр ар бир өлкөдө ар башка жана өзгөрүп турат. Жолго чыгардан "
                                "мурун тактаңыз: **189** номерине чалыңыз же «Справочник мигранта» Android "
                                "тиркемесин окуңуз. Кененирээк: ssm.gov.kg.\n"
                            ),
                        },
                        "ru": {
                            "title": "Правила пребывания за рубежом",
                            "summary": "Соблюдайте правила, и вы избежите штрафа и выдворения.",
                            "body": (
                                "В каждой стране свои правила для иностранцев. За нарушение можно получить штраф, "
                                "выдворение или запрет на въезд.\n"
                                "\n"
                                "## Главные правила\n"
                                "- Въезжайте законно, через официальный пункт пропуска.\n"
                                "- Встаньте на учёт по месту пребывания, если этого требует страна. Сделайте это "
                                "вовремя.\n"
                                "- Не оставайтесь дольше разрешённого срока.\n"
                                "- Работайте только с нужными документами и договором.\n"
                                "- Берегите паспорт. Носите с собой его или копию.\n"
                                "- Уважайте местные законы и обычаи.\n"
                                "\n"
                                "## Если документы потеряны или украдены\n"
                                "- Сообщите в местную полицию.\n"
                                "- Обратитесь в посольство или консульство Кыргызской Республики.\n"
                                "\n"
                                "Правила и сроки в разных странах разные и могут меняться. Уточните их до поездки: "
                                "звоните **189** или смотрите Android-приложение «Справочник мигранта». Подробнее: "
                                "ssm.gov.kg.\n"
                            ),
                        },
                        "en": {
                            "title": "Rules of stay abroad",
                            "summary": "Follow the rules and you avoid fines and expulsion.",
                            "body": (
                                "Every country has its own rules for foreigners. If you break them, you may get a "
                                "fine, be sent out of the country or be banned from coming back.\n"
                                "\n"
                                "## Main rules\n"
                                "- Enter the country legally, through an official border crossing.\n"
                                "- Register at your place of stay, if the country requires it. Do it on time.\n"
                                "- Do not stay longer than you are allowed.\n"
                                "- Work only with the right documents and a contract.\n"
                                "- Keep your passport safe. Carry it or a copy with you.\n"
                                "- Respect local laws and customs.\n"
                                "\n"
                                "## If your documents are lost or stolen\n"
                                "- Tell the local police.\n"
                                "- Contact the embassy or consulate of the Kyrgyz Republic.\n"
                                "\n"
                                "Rules and deadlines differ from country to country, and they change. Check them "
                                'before you go: call **189** or read the Android app "Справочник мигранта". More '
                                "details: ssm.gov.kg.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "entry-ban",
                    "sort": 30,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "Кирүүгө тыюу салуу",
                            "summary": "Мурда эрежелерди бузган болсоңуз, билет сатып алардан мурун текшериңиз.",
                            "body": (
                                "Өлкө чет элдикке кирүүгө тыюу салышы мүмкүн. Көбүнчө бул жашоо эрежелерин бузгандан "
                                "кийин болот.\n"
                                "\n"
                                "## Көп кездешкен себептер\n"
                                "- Уруксат берилген мөөнөттөн ашык жүрүү.\n"
                                "- Керектүү документтерсиз иштөө.\n"
                                "- Төлөнбөгөн айып пулдар.\n"
                                "- Мыйзамды бузуу.\n"
                                "\n"
                                "Тыюу узак убакытка созулушу мүмкүн. Билетиңиз болсо да, сизди чек арадан кайтарып "
                                "жибериши мүмкүн.\n"
                                "\n"
                                "## Эмне кылуу керек\n"
                                "1. Билет алардан мурун тыюуңуз бар-жогун билиңиз. **189** номерине чалып, кантип "
                                "текшерүүнү сураңыз.\n"
                                "2. Тыюу бар болсо, эмне кыла аларыңызды **189** аркылуу сураңыз. Тыюу күчүндө "
                                "турганда ал өлкөгө барбаңыз.\n"
                                "3. Чек арадан киргизбей коюшса, сабыр кылыңыз. Кызматкерден себебин сураңыз.\n"
                                "4. Жардам керек болсо, Кыргыз Республикасынын элчилигине же консулдугуна кайрылыңыз.\n"
                                "\n"
                                "Тыюу салуу эрежелери ар бир өлкөдө ар башка. Кененирээк: **189** жана ssm.gov.kg.\n"
                            ),
                        },
                        "ru": {
                            "title": "Запрет на въезд",
                            "summary": "Если вы раньше нарушали правила, проверьте это до покупки билета.",
                            "body": (
                                "Страна может запретить иностранцу въезд. Часто так бывает после нарушения правил "
                                "пребывания.\n"
                                "\n"
                                "## Частые причины\n"
                                "- Пребывание дольше разрешённого срока.\n"
                                "- Работа без нужных документов.\n"
                                "- Неоплаченные штрафы.\n"
                                "- Нарушение закона.\n"
                                "\n"
                                "Запрет может действовать долго. Вас могут не пропустить через границу, даже если у "
                                "вас есть билет.\n"
                                "\n"
                                "## Что делать\n"
                                "1. До покупки билета узнайте, нет ли у вас запрета. Позвоните **189** и спросите, "
                                "как это проверить.\n"
                                "2. Если запрет есть, спросите по номеру **189**, что можно сделать. Пока запрет "
                                "действует, не езжайте в эту страну.\n"
                                "3. Если на границе вас не пропустили, сохраняйте спокойствие. Спросите у сотрудника "
                                "причину.\n"
                                "4. Если нужна помощь, обратитесь в посольство или консульство Кыргызской Республики.\n"
                                "\n"
                                "Правила о запрете въезда в каждой стране свои. Подробнее: **189** и ssm.gov.kg.\n"
                            ),
                        },
                        "en": {
                            "title": "Entry bans",
                            "summary": (
                                "If you broke the rules of stay before, check for a ban before you buy a ticket."
                            ),
                            "body": (
                                "A country can ban a foreigner from entering. This often happens after the rules of "
                                "stay were broken.\n"
                                "\n"
                                "## Common reasons\n"
                                "- Staying longer than allowed.\n"
                                "- Working without the right documents.\n"
                                "- Unpaid fines.\n"
                                "- Breaking the law.\n"
                                "\n"
                                "A ban can last a long time. You may be turned back at the border, even with a "
                                "ticket.\n"
                                "\n"
                                "## What to do\n"
                                "1. Before you buy a ticket, find out if you have a ban. Call **189** and ask how to "
                                "check.\n"
                                "2. If you have a ban, ask **189** what you can do. Do not travel to that country "
                                "while the ban lasts.\n"
                                "3. If you are refused entry at the border, stay calm. Ask the officer for the "
                                "reason.\n"
                                "4. If you need help, contact the embassy or consulate of the Kyrgyz Republic.\n"
                                "\n"
                                "Rules on entry bans differ from country to country. Details: **189** and ssm.gov.kg.\n"
                            ),
                        },
                    },
                },
            ],
        },
        {
            "slug": "foreigners",
            "icon": "visitor",
            "sort": 40,
            "needs_review": False,
            "texts": {
                "ky": {
                    "title": "Кыргызстандагы чет элдиктер",
                    "summary": "Чет өлкөлүк жарандар үчүн: Кыргызстанга келүү, жашоо, каттоо жана иштөө.",
                },
                "ru": {
                    "title": "Иностранцам в Кыргызстане",
                    "summary": "Для иностранных граждан: въезд, пребывание, регистрация и работа в Кыргызстане.",
                },
                "en": {
                    "title": "Foreigners in Kyrgyzstan",
                    "summary": "For foreign citizens: entry, stay, registration and work in Kyrgyzstan.",
                },
            },
            "articles": [
                {
                    "slug": "stay-and-registration",
                    "sort": 10,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "Келүү, жашоо жана каттоо",
                            "summary": "Кыргызстанда канча убакыт жүрө аласыз жана катталуу керекпи.",
                            "body": (
                                "Кыргызстанга кош келиңиз! Чет өлкөлүк жарандар кирүү жана жашоо эрежелерин сакташы "
                                "керек.\n"
                                "\n"
                                "## Негизги эрежелер\n"
                                "- Паспортуңуз Кыргызстанда жүргөн бүт убакта жарактуу болушу керек.\n"
                                "- Кээ бир өлкөлөрдүн жарандарына виза керек, башкаларына керек эмес.\n"
                                "- Канча убакыт жүрө аларыңызды тактаңыз. Бул жарандыгыңызга жана сапардын максатына "
                                "жараша болот.\n"
                                "- Кээ бир чет элдиктер катталышы керек. Бул сизге тиешелүүбү жана кайсы мөөнөттө "
                                "экенин билип алыңыз.\n"
                                "- Уруксат берилген мөөнөт бүткөнчө өлкөдөн чыгыңыз же мөөнөттү убагында узартыңыз.\n"
                                "\n"
                                "## Кайдан сурасаңыз болот\n"
                                "- **189** ышкын линиясына чалыңыз.\n"
                                "- Мамлекеттик миграция кызматына келиңиз: Бишкек шаары, Раззаков көчөсү, 8/1. Кабыл "
                                "алуу: иш күндөрү, 09:10–17:50.\n"
                                "- Кызматта чет өлкөлүк жарандар менен иштөө бөлүмү бар.\n"
                                "\n"
                                "Эрежелер өзгөрүп турат. Аларды Кызматтын расмий сайтынан текшериңиз: ssm.gov.kg.\n"
                            ),
                        },
                        "ru": {
                            "title": "Въезд, пребывание и регистрация",
                            "summary": "Сколько можно находиться в Кыргызстане и нужна ли регистрация.",
                            "body": (
                                "Добро пожаловать в Кыргызстан! Иностранные граждане должны соблюдать правила въезда "
                                "и пребывания.\n"
                                "\n"
                                "## Главные правила\n"
                                "- Паспорт должен действовать всё время, пока вы в Кыргызстане.\n"
                                "- Гражданам одних стран нужна виза, другим — нет.\n"
                                "- Уточните, сколько вы можете здесь находиться. Это зависит от вашего гражданства и "
                                "цели поездки.\n"
                                "- Некоторым иностранцам нужно зарегистрироваться. Узнайте, касается ли это вас и в "
                                "какой срок.\n"
                                "- Выезжайте до конца разрешённого срока или вовремя продлите его.\n"
                                "\n"
                                "## Где узнать подробнее\n"
                                "- Позвоните на горячую линию **189**.\n"
                                "- Приходите в Государственную службу миграции: г. Бишкек, ул. Раззакова, 8/1. "
                                "Приём: рабочие дни, 09:10–17:50.\n"
                                "- В Службе есть отдел по работе с иностранными гражданами.\n"
                                "\n"
                                "Правила иногда меняются. Проверяйте их на официальном сайте Службы: ssm.gov.kg.\n"
                            ),
                        },
                        "en": {
                            "title": "Entry, stay and registration",
                            "summary": "How long you may stay in Kyrgyzstan and whether you must register.",
                            "body": (
                                "Welcome to Kyrgyzstan! Foreign citizens must follow the rules of entry and stay.\n"
                                "\n"
                                "## Main rules\n"
                                "- Your passport must be valid for your whole stay in Kyrgyzstan.\n"
                                "- Citizens of some countries need a visa, others do not.\n"
                                "- Check how long you may stay. It depends on your citizenship and the purpose of "
                                "your trip.\n"
                                "- Some foreigners must register. Find out if this applies to you, and by when.\n"
                                "- Leave before your allowed stay ends, or extend it in time.\n"
                                "\n"
                                "## Where to ask\n"
                                "- Call the migration hotline **189**.\n"
                                "- Come to the State Migration Service: 8/1 Razzakov Street, Bishkek. Reception: "
                                "working days, 09:10–17:50.\n"
                                "- The Service has a department for foreign citizens.\n"
                                "\n"
                                "Rules change from time to time. Check them on the Service's official site: "
                                "ssm.gov.kg.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "work-in-kyrgyzstan",
                    "sort": 20,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "Кыргызстанда иштөө",
                            "summary": "Ишти баштоодон мурун кандай уруксат керек экенин билип алыңыз.",
                            "body": (
                                "Кыргызстанда иштегиңиз келеби? Ишти баштоодон мурун эрежелерди билип алыңыз.\n"
                                "\n"
                                "## ЕАЭБ өлкөлөрүнүн жарандары\n"
                                "Армениянын, Беларустун, Казакстандын жана Россиянын жарандары Кыргызстанда иштөөгө "
                                "уруксатсыз иштей алышат. Бул Евразия экономикалык биримдиги жөнүндө келишимге "
                                "негизделет. Иш берүүчү менен эмгек келишими керек.\n"
                                "\n"
                                "## Башка өлкөлөрдүн жарандары\n"
                                "Адатта иштөө үчүн уруксат алуу керек. Иш берүүчү да кээ бир кадамдарды жасашы "
                                "мүмкүн. Муну ишти баштоодон мурун тактаңыз.\n"
                                "\n"
                                "## Билип коюңуз\n"
                                "- Жазуу жүзүндөгү келишим менен гана иштеңиз.\n"
                                "- Паспорттун жана келишимдин көчүрмөлөрүн сактаңыз.\n"
                                "- Керектүү документтерсиз иштесеңиз, айып пул салынышы же өлкөдөн чыгарылышыңыз "
                                "мүмкүн.\n"
                                "\n"
                                "Суроолоруңуз болсо, **189** номерине чалыңыз же Мамлекеттик миграция кызматына "
                                "келиңиз. Мамлекеттик кызматтардын тизмеси жана ар бирине керектүү документтер "
                                "ssm.gov.kg сайтында бар.\n"
                            ),
                        },
                        "ru": {
                            "title": "Работа в Кыргызстане",
                            "summary": "Узнайте, какое разрешение вам нужно, до начала работы.",
                            "body": (
                                "Хотите работать в Кыргызстане? Узнайте правила до начала работы.\n"
                                "\n"
                                "## Граждане стран ЕАЭС\n"
                                "Граждане Армении, Беларуси, Казахстана и России могут работать в Кыргызстане без "
                                "разрешения на работу. Так установлено Договором о Евразийском экономическом союзе. "
                                "Нужен трудовой договор с работодателем.\n"
                                "\n"
                                "## Граждане других стран\n"
                                "Обычно для работы нужно разрешение. Работодателю тоже может понадобиться что-то "
                                "оформить. Уточните это до начала работы.\n"
                                "\n"
                                "## Важно знать\n"
                                "- Работайте только по письменному договору.\n"
                                "- Храните копии паспорта и договора.\n"
                                "- За работу без нужных документов грозит штраф или выдворение.\n"
                                "\n"
                                "Есть вопросы? Звоните **189** или приходите в Государственную службу миграции. "
                                "Список госуслуг и документов для каждой из них есть на сайте ssm.gov.kg.\n"
                            ),
                        },
                        "en": {
                            "title": "Working in Kyrgyzstan",
                            "summary": "Find out which permit you need before you start work.",
                            "body": (
                                "Do you want to work in Kyrgyzstan? Learn the rules before you start.\n"
                                "\n"
                                "## Citizens of EAEU countries\n"
                                "Citizens of Armenia, Belarus, Kazakhstan and Russia can work in Kyrgyzstan without "
                                "a work permit. This comes from the Treaty on the Eurasian Economic Union. You need "
                                "a contract with an employer.\n"
                                "\n"
                                "## Citizens of other countries\n"
                                "Usually you need a permit to work. Your employer may also have to take some steps. "
                                "Ask about this before you start work.\n"
                                "\n"
                                "## Good to know\n"
                                "- Work only with a written contract.\n"
                                "- Keep copies of your passport and contract.\n"
                                "- Working without the right documents can lead to a fine or expulsion.\n"
                                "\n"
                                "Questions? Call **189** or come to the State Migration Service. The list of state "
                                "services and the documents each one needs is on ssm.gov.kg.\n"
                            ),
                        },
                    },
                },
            ],
        },
        {
            "slug": "kayrylmans",
            "icon": "home",
            "sort": 50,
            "needs_review": False,
            "texts": {
                "ky": {
                    "title": "Кайрылмандар",
                    "summary": "Кыргызстанга туруктуу жашоого келген этникалык кыргыздар үчүн кеңеш жана жардам.",
                },
                "ru": {
                    "title": "Кайрылманы",
                    "summary": "Советы и помощь этническим кыргызам, которые переезжают жить в Кыргызстан.",
                },
                "en": {
                    "title": "Kayrylmans: coming home",
                    "summary": "Advice and help for ethnic Kyrgyz who move to live in Kyrgyzstan.",
                },
            },
            "articles": [
                {
                    "slug": "who-are-kayrylmans",
                    "sort": 10,
                    "needs_review": False,
                    "texts": {
                        "ky": {
                            "title": "Кайрылмандар кимдер?",
                            "summary": "Кайрылман деген ким жана Кызмат ага кантип жардам берет.",
                            "body": (
                                "Кайрылмандар — башка өлкөлөрдө жашап, Кыргызстанга туруктуу жашоого келген "
                                "этникалык кыргыздар.\n"
                                "\n"
                                "Мекениңизге кош келиңиз!\n"
                                "\n"
                                "## Кызмат кантип жардам берет\n"
                                "Мамлекеттик миграция кызматында Кайрылмандар менен иштөө бөлүмү бар. Кызматтан "
                                "төмөнкүлөрдү сурасаңыз болот:\n"
                                "\n"
                                "- укуктарыңыз жана эрежелер;\n"
                                "- сизге кандай документтер керек;\n"
                                "- кандай кадамдарды жасоо керек.\n"
                                "\n"
                                "## Эмнеден баштоо керек\n"
                                "- **189** ышкын линиясына чалыңыз.\n"
                                "- Кызматка келиңиз: Бишкек шаары, Раззаков көчөсү, 8/1. Кабыл алуу: иш күндөрү, "
                                "09:10–17:50.\n"
                                "- 4 терезе бардык маселелер боюнча документтерди кабыл алат.\n"
                                "\n"
                                "Колуңуздагы бардык документтерди ала келиңиз. Кыргызча же орусча жакшы "
                                "сүйлөбөсөңүз, жардам бере турган адам менен келиңиз.\n"
                            ),
                        },
                        "ru": {
                            "title": "Кто такие кайрылманы",
                            "summary": "Кто такой кайрылман и чем может помочь Служба.",
                            "body": (
                                "Кайрылманы — этнические кыргызы, которые жили в других странах и переезжают на "
                                "постоянное жительство в Кыргызстан.\n"
                                "\n"
                                "Добро пожаловать на родину!\n"
                                "\n"
                                "## Чем поможет Служба\n"
                                "В Государственной службе миграции есть Отдел по работе с кайрылманами. В Службе "
                                "можно спросить:\n"
                                "\n"
                                "- о ваших правах и правилах;\n"
                                "- какие документы вам нужны;\n"
                                "- какие шаги нужно сделать.\n"
                                "\n"
                                "## С чего начать\n"
                                "- Позвоните на горячую линию **189**.\n"
                                "- Приходите в Службу: г. Бишкек, ул. Раззакова, 8/1. Приём: рабочие дни, "
                                "09:10–17:50.\n"
                                "- 4 окна принимают документы по всем вопросам.\n"
                                "\n"
                                "Возьмите с собой все документы, какие у вас есть. Если вы плохо говорите "
                                "по-кыргызски или по-русски, приходите с человеком, который поможет.\n"
                            ),
                        },
                        "en": {
                            "title": "Who are kayrylmans?",
                            "summary": "Who is a kayrylman and how the Service can help.",
                            "body": (
                                "Kayrylmans are ethnic Kyrgyz who lived in other countries and come to live in "
                                "Kyrgyzstan for good.\n"
                                "\n"
                                "Welcome home!\n"
                                "\n"
                                "## How the Service helps\n"
                                "The State Migration Service has a Department for Kayrylmans. You can ask the "
                                "Service about:\n"
                                "\n"
                                "- your rights and the rules;\n"
                                "- which documents you need;\n"
                                "- which steps to take.\n"
                                "\n"
                                "## Where to start\n"
                                "- Call the migration hotline **189**.\n"
                                "- Come to the Service: 8/1 Razzakov Street, Bishkek. Reception: working days, "
                                "09:10–17:50.\n"
                                "- 4 windows accept documents on every subject.\n"
                                "\n"
                                "Bring all the documents you have. If you do not speak Kyrgyz or Russian well, come "
                                "with someone who can help you.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "first-steps",
                    "sort": 20,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "Биринчи кадамдар",
                            "summary": "Кыргызстанга көчүп келгенде эмнеден баштоо керек.",
                            "body": (
                                "Кыргызстанга жашоого келдиңизби же келүүнү пландап жатасызбы? Ушул жерден баштаңыз.\n"
                                "\n"
                                "1. **189** ышкын линиясына чалыңыз. Сиздин абалыңызда эмне кылуу керек экенин "
                                "сураңыз.\n"
                                "2. Колуңуздагы документтерди чогултуңуз: паспорт, туулгандыгы тууралуу күбөлүк, "
                                "үй-бүлөңүз, билимиңиз жана ишиңиз боюнча документтер.\n"
                                "3. Мамлекеттик миграция кызматына келиңиз: Бишкек шаары, Раззаков көчөсү, 8/1. Иш "
                                "күндөрү, 09:10–17:50.\n"
                                "4. Документтериңизди 4 терезенин бирине тапшырыңыз. Алар бардык маселелер боюнча "
                                "документ кабыл алат.\n"
                                "\n"
                                "## Билип коюңуз\n"
                                "- Ар бир мамлекеттик кызматка керектүү документтердин тизмеси Кызматтын сайтында "
                                "бар: ssm.gov.kg.\n"
                                "- Расмий төлөмдү гана төлөңүз. Эч ким сизден белек же кошумча акча сурай албайт.\n"
                                "- Кимдир бирөө пара сураса, **0312 300423** номерине чалыңыз.\n"
                                "\n"
                                "Бардык документтериңиздин көчүрмөлөрүн жасаңыз. Түп нускаларын жакшылап сактаңыз.\n"
                            ),
                        },
                        "ru": {
                            "title": "Первые шаги",
                            "summary": "С чего начать, когда вы переезжаете в Кыргызстан.",
                            "body": (
                                "Вы приехали жить в Кыргызстан или только собираетесь? Начните отсюда.\n"
                                "\n"
                                "1. Позвоните на горячую линию **189**. Спросите, что делать в вашем случае.\n"
                                "2. Соберите документы, которые у вас есть: паспорт, свидетельство о рождении, "
                                "документы о семье, учёбе и работе.\n"
                                "3. Приходите в Государственную службу миграции: г. Бишкек, ул. Раззакова, 8/1. "
                                "Рабочие дни, 09:10–17:50.\n"
                                "4. Сдайте документы в одно из 4 окон приёма. Они принимают документы по всем "
                                "вопросам.\n"
                                "\n"
                                "## Важно знать\n"
                                "- Список документов для каждой госуслуги есть на сайте Службы: ssm.gov.kg.\n"
                                "- Платите только официальную плату. Никто не вправе просить у вас подарок или "
                                "лишние деньги.\n"
                                "- Если у вас просят взятку, звоните **0312 300423**.\n"
                                "\n"
                                "Сделайте копии всех документов. Оригиналы храните в надёжном месте.\n"
                            ),
                        },
                        "en": {
                            "title": "First steps",
                            "summary": "Where to start when you move to Kyrgyzstan.",
                            "body": (
                                "Have you come to live in Kyrgyzstan, or do you plan to? Start here.\n"
                                "\n"
                                "1. Call the migration hotline **189**. Ask what to do in your case.\n"
                                "2. Gather the documents you have: passport, birth certificate, papers about your "
                                "family, education and work.\n"
                                "3. Come to the State Migration Service: 8/1 Razzakov Street, Bishkek. Working days, "
                                "09:10–17:50.\n"
                                "4. Hand in your documents at one of the 4 reception windows. They accept documents "
                                "on every subject.\n"
                                "\n"
                                "## Good to know\n"
                                "- The list of documents for each state service is on the Service's site: ssm.gov.kg.\n"
                                "- Pay only the official fee. Nobody may ask you for a gift or extra money.\n"
                                "- If someone asks you for a bribe, call **0312 300423**.\n"
                                "\n"
                                "Make copies of all your documents. Keep the originals in a safe place.\n"
                            ),
                        },
                    },
                },
            ],
        },
        {
            "slug": "refugees",
            "icon": "shield",
            "sort": 60,
            "needs_review": False,
            "texts": {
                "ky": {
                    "title": "Качкындар жана баш калкалоо",
                    "summary": (
                        "Коркунучтан улам өлкөңүздөн качууга аргасыз болсоңуз, Кыргызстандан коргоо сурай аласыз."
                    ),
                },
                "ru": {
                    "title": "Беженцы и убежище",
                    "summary": (
                        "Если вам пришлось бежать из своей страны из-за опасности, вы можете попросить защиты в "
                        "Кыргызстане."
                    ),
                },
                "en": {
                    "title": "Refugees and asylum",
                    "summary": (
                        "If you had to flee your country because of danger, you can ask for protection in Kyrgyzstan."
                    ),
                },
            },
            "articles": [
                {
                    "slug": "asking-for-asylum",
                    "sort": 10,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "Баш калкалоону кантип сураса болот",
                            "summary": "Коргоо сурап кимге жана кантип кайрылуу керек.",
                            "body": (
                                "Качкын — өмүрүнө же эркиндигине коркунуч болгондуктан өз өлкөсүн таштап кетүүгө "
                                "аргасыз болгон жана ал жакка кайра бара албаган адам.\n"
                                "\n"
                                "## Коргоону кантип сураса болот\n"
                                "- Чек арада же аэропортто кызматкерге баш калкалоо сурап жатканыңызды айтыңыз.\n"
                                "- Кыргызстанда болсоңуз, Мамлекеттик миграция кызматына келиңиз: Бишкек шаары, "
                                "Раззаков көчөсү, 8/1. Иш күндөрү, 09:10–17:50.\n"
                                "- Кызматта Качкындар менен иштөө бөлүмү бар.\n"
                                "- **189** ышкын линиясына да чалсаңыз болот.\n"
                                "\n"
                                "## Эмнени айтуу керек\n"
                                "- Сиз кимсиз жана кайсы өлкөдөн келдиңиз.\n"
                                "- Эмне үчүн өлкөңүздү таштап кетүүгө туура келди.\n"
                                "- Сиз менен ким бар, мисалы, балдар.\n"
                                "\n"
                                "Колуңуздагы документтерди көрсөтүңүз. Документиңиз жок болсо, ошону айтыңыз. "
                                "Суроолорго чынчыл жооп бериңиз.\n"
                                "\n"
                                "Тартип өзгөрүшү мүмкүн. Кененирээк маалыматты Кызматтан же **189** номеринен "
                                "сураңыз.\n"
                            ),
                        },
                        "ru": {
                            "title": "Как попросить убежища",
                            "summary": "Куда и как обратиться, чтобы попросить защиты.",
                            "body": (
                                "Беженец — это человек, который был вынужден покинуть свою страну из-за угрозы жизни "
                                "или свободе и не может туда вернуться.\n"
                                "\n"
                                "## Как попросить защиты\n"
                                "- На границе или в аэропорту скажите сотруднику, что просите убежища.\n"
                                "- Если вы уже в Кыргызстане, приходите в Государственную службу миграции: г. "
                                "Бишкек, ул. Раззакова, 8/1. Рабочие дни, 09:10–17:50.\n"
                                "- В Службе есть Отдел по работе с беженцами.\n"
                                "- Можно также позвонить на горячую линию **189**.\n"
                                "\n"
                                "## Что рассказать\n"
                                "- Кто вы и из какой страны.\n"
                                "- Почему вам пришлось уехать.\n"
                                "- Кто с вами, например дети.\n"
                                "\n"
                                "Покажите документы, которые у вас есть. Если документов нет, так и скажите. "
                                "Отвечайте на вопросы честно.\n"
                                "\n"
                                "Порядок может меняться. Подробности узнайте в Службе или по номеру **189**.\n"
                            ),
                        },
                        "en": {
                            "title": "How to ask for asylum",
                            "summary": "Where and how to ask for protection.",
                            "body": (
                                "A refugee is a person who had to leave their country because their life or freedom "
                                "was in danger, and who cannot go back.\n"
                                "\n"
                                "## How to ask for protection\n"
                                "- At the border or at the airport, tell an officer that you want to ask for asylum.\n"
                                "- If you are already in Kyrgyzstan, come to the State Migration Service: 8/1 "
                                "Razzakov Street, Bishkek. Working days, 09:10–17:50.\n"
                                "- The Service has a Department for Refugees.\n"
                                "- You can also call the migration hotline **189**.\n"
                                "\n"
                                "## What to tell\n"
                                "- Who you are and which country you come from.\n"
                                "- Why you had to leave.\n"
                                "- Who is with you, for example children.\n"
                                "\n"
                                "Show the documents you have. If you have none, say so. Answer questions honestly.\n"
                                "\n"
                                "The procedure may change. Ask the Service or call **189** for details.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "rights-and-help",
                    "sort": 20,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "Укуктарыңыз жана жардам",
                            "summary": "Сизге урмат менен мамиле кылышы керек, эч ким сизден пара сурай албайт.",
                            "body": (
                                "Баш калкалоо сураган адамдардын жана качкындардын Кыргызстанда укуктары бар. Кызмат "
                                "аларды сизге түшүндүрүп берет.\n"
                                "\n"
                                "## Билип коюңуз\n"
                                "- Кызматтын кызматкерлери сизге урмат менен мамиле кылышы керек.\n"
                                "- Жардам бергени үчүн эч ким сизден белек же акча сурай албайт.\n"
                                "- Мамлекеттик кызматтар расмий төлөм менен гана көрсөтүлөт.\n"
                                "- Кызматтан алган ар бир кагазды сактаңыз. Көчүрмөлөрүн жасаңыз.\n"
                                "- Бир нерсени түшүнбөсөңүз, ошону айтып, кайра сураңыз.\n"
                                "\n"
                                "## Жардамды кайдан алса болот\n"
                                "- **189** ышкын линиясына чалыңыз.\n"
                                "- Кызматка келиңиз: Бишкек шаары, Раззаков көчөсү, 8/1. 4 терезе бардык маселелер "
                                "боюнча документ кабыл алат.\n"
                                "- Кимдир бирөө пара сураса, **0312 300423** номерине чалыңыз. Чет өлкөдөн: +996 312 "
                                "300423.\n"
                                "\n"
                                "Сиз же балдарыңыз коркунучта болсоңуз же шашылыш жардам керек болсо, кызматкерге "
                                "дароо айтыңыз.\n"
                            ),
                        },
                        "ru": {
                            "title": "Ваши права и помощь",
                            "summary": (
                                "С вами должны обращаться уважительно, и никто не вправе требовать с вас взятку."
                            ),
                            "body": (
                                "У тех, кто просит убежища, и у беженцев есть права в Кыргызстане. Служба разъяснит "
                                "их вам.\n"
                                "\n"
                                "## Важно знать\n"
                                "- Сотрудники Службы обязаны относиться к вам с уважением.\n"
                                "- Никто не вправе просить у вас подарок или деньги за помощь.\n"
                                "- Госуслуги оказываются только за официальную плату.\n"
                                "- Храните все бумаги, которые вы получили в Службе. Сделайте копии.\n"
                                "- Если что-то непонятно, скажите об этом и спросите ещё раз.\n"
                                "\n"
                                "## Где получить помощь\n"
                                "- Позвоните на горячую линию **189**.\n"
                                "- Приходите в Службу: г. Бишкек, ул. Раззакова, 8/1. 4 окна принимают документы по "
                                "всем вопросам.\n"
                                "- Если у вас просят взятку, звоните **0312 300423**. Из-за рубежа: +996 312 300423.\n"
                                "\n"
                                "Если вы или ваши дети в опасности или вам срочно нужна помощь, сразу скажите об "
                                "этом сотруднику.\n"
                            ),
                        },
                        "en": {
                            "title": "Your rights and help",
                            "summary": "You must be treated with respect, and nobody may ask you for a bribe.",
                            "body": (
                                "People who ask for asylum, and refugees, have rights in Kyrgyzstan. The Service can "
                                "explain them to you.\n"
                                "\n"
                                "## Good to know\n"
                                "- Staff of the Service must treat you with respect.\n"
                                "- Nobody may ask you for a gift or money in return for help.\n"
                                "- State services are given at the official fee only.\n"
                                "- Keep every paper you get from the Service. Make copies.\n"
                                "- If you do not understand something, say so and ask again.\n"
                                "\n"
                                "## Where to get help\n"
                                "- Call the migration hotline **189**.\n"
                                "- Come to the Service: 8/1 Razzakov Street, Bishkek. 4 windows accept documents on "
                                "every subject.\n"
                                "- If someone asks you for a bribe, call **0312 300423**. From abroad: +996 312 "
                                "300423.\n"
                                "\n"
                                "If you or your children are in danger or need urgent help, tell the staff straight "
                                "away.\n"
                            ),
                        },
                    },
                },
            ],
        },
        {
            "slug": "services-documents",
            "icon": "document",
            "sort": 70,
            "needs_review": False,
            "texts": {
                "ky": {
                    "title": "Мамлекеттик кызматтар жана документтер",
                    "summary": "Кызматка кантип кайрылуу керек: документтер, терезелер жана расмий төлөм.",
                },
                "ru": {
                    "title": "Госуслуги и документы",
                    "summary": "Как обратиться за услугой: документы, окна приёма и официальная плата.",
                },
                "en": {
                    "title": "Services and documents",
                    "summary": "How to apply for a service: documents, reception windows and official fees.",
                },
            },
            "articles": [
                {
                    "slug": "how-to-apply",
                    "sort": 10,
                    "needs_review": False,
                    "texts": {
                        "ky": {
                            "title": "Кантип кайрылуу керек",
                            "summary": "Документтерди кантип даярдап, кайда тапшыруу керек.",
                            "body": (
                                "Мамлекеттик миграция кызматы жарандарга жана чет элдиктерге мамлекеттик кызматтарды "
                                "көрсөтөт.\n"
                                "\n"
                                "## Келгенге чейин\n"
                                "- Керектүү кызматты Кызматтын сайтындагы тизмеден табыңыз: ssm.gov.kg.\n"
                                "- Ал кызматка кандай документтер керек экенин текшериңиз.\n"
                                "- Бардык документтерди жана алардын көчүрмөлөрүн ала келиңиз.\n"
                                "- Күмөнүңүз болсо, **189** номерине чалыңыз.\n"
                                "\n"
                                "## Кызматта\n"
                                "- Дарек: Бишкек шаары, Раззаков көчөсү, 8/1.\n"
                                "- Келүүчүлөр иш күндөрү, 09:10–17:50 кабыл алынат.\n"
                                "- Кире бериште күзөтчү атыңызды жана келүү максатыңызды журналга жазат.\n"
                                "- **2 бөлмөдөгү 4 терезе** **бардык маселелер** боюнча документтерди кабыл алат.\n"
                                "- Терезелер «ачык терезе» принциби боюнча иштейт.\n"
                                "- Бөлмөлөрдө видеобайкоо жүргүзүлөт.\n"
                                "\n"
                                "## Расмий төлөмдү гана төлөңүз\n"
                                "Эч ким сизден белек же кошумча акы сурай албайт. Мындай болсо, **0312 300423** "
                                "номерине кабарлаңыз.\n"
                            ),
                        },
                        "ru": {
                            "title": "Как подать документы",
                            "summary": "Как подготовить документы и куда их сдать.",
                            "body": (
                                "Государственная служба миграции оказывает государственные услуги гражданам и "
                                "иностранцам.\n"
                                "\n"
                                "## До визита\n"
                                "- Найдите нужную услугу в списке на сайте Службы: ssm.gov.kg.\n"
                                "- Проверьте, какие документы для неё нужны.\n"
                                "- Возьмите все документы и их копии.\n"
                                "- Сомневаетесь? Позвоните **189**.\n"
                                "\n"
                                "## В Службе\n"
                                "- Адрес: г. Бишкек, ул. Раззакова, 8/1.\n"
                                "- Посетителей пускают в рабочие дни, 09:10–17:50.\n"
                                "- На входе охрана записывает в журнал ваше имя и цель визита.\n"
                                "- **4 окна** в **2 помещениях** принимают документы **по всем вопросам**.\n"
                                "- Окна работают по принципу «открытого окна».\n"
                                "- В помещениях ведётся видеонаблюдение.\n"
                                "\n"
                                "## Платите только официальную плату\n"
                                "Никто не вправе просить у вас подарок или лишние деньги. О таком случае сообщите по "
                                "номеру **0312 300423**.\n"
                            ),
                        },
                        "en": {
                            "title": "How to apply",
                            "summary": "How to prepare your documents and where to hand them in.",
                            "body": (
                                "The State Migration Service provides state services to citizens and foreigners.\n"
                                "\n"
                                "## Before you come\n"
                                "- Find the service you need in the list on the Service's site: ssm.gov.kg.\n"
                                "- Check which documents that service needs.\n"
                                "- Bring all the documents, and copies of them.\n"
                                "- Not sure? Call **189**.\n"
                                "\n"
                                "## At the Service\n"
                                "- Address: 8/1 Razzakov Street, Bishkek.\n"
                                "- Visitors are admitted on working days, 09:10–17:50.\n"
                                "- At the entrance, the guard writes your name and the purpose of your visit in the "
                                "register.\n"
                                "- **4 windows** in **2 rooms** accept documents on **every subject**.\n"
                                '- The windows work on the "open window" principle.\n'
                                "- The rooms are under video surveillance.\n"
                                "\n"
                                "## Pay the official fee only\n"
                                "Nobody may ask you for a gift or extra payment. If it happens, call **0312 300423**.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "official-fees",
                    "sort": 20,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "Расмий төлөм гана",
                            "summary": "Расмий төлөмдөн тышкары эч ким сизден акча же белек сурай албайт.",
                            "body": (
                                "Ар бир мамлекеттик кызматтын расмий төлөмү бар. Анын өлчөмү кызматка жараша болот.\n"
                                "\n"
                                "## Кантип туура төлөө керек\n"
                                "- Кызмат канча турарын жана аны кантип төлөө керектигин терезеден сураңыз. Же "
                                "**189** номерине чалыңыз.\n"
                                "- Расмий белгиленген сумманы гана төлөңүз.\n"
                                "- Документтериңизди алганга чейин квитанцияны сактаңыз.\n"
                                "\n"
                                "## Кызматкерлерге тыюу салынат\n"
                                "- Сизден белек суроого: акча, буюм же кызмат.\n"
                                "- Сыйлык үчүн жардам берүүнү убада кылууга.\n"
                                "- Сыйлык алуу үчүн документтериңизди кечиктирүүгө.\n"
                                "\n"
                                "## Ашык акча сурашса\n"
                                "1. Төлөбөңүз.\n"
                                "2. Күнүн, убактысын, жерин жана эмне айтылганын эстеп калыңыз.\n"
                                "3. **0312 300423** коррупцияга каршы ышкын линиясына чалыңыз. Чет өлкөдөн: +996 312 "
                                "300423.\n"
                                "\n"
                                "Арызыңыз катталып, каралат.\n"
                            ),
                        },
                        "ru": {
                            "title": "Только официальная плата",
                            "summary": "Сверх официальной платы никто не вправе просить у вас денег или подарков.",
                            "body": (
                                "У каждой госуслуги есть официальная плата. Её размер зависит от услуги.\n"
                                "\n"
                                "## Как платить правильно\n"
                                "- Узнайте в окне, сколько стоит услуга и как её оплатить. Или позвоните **189**.\n"
                                "- Платите только официальную сумму.\n"
                                "- Храните квитанцию, пока не получите документы.\n"
                                "\n"
                                "## Сотрудникам запрещено\n"
                                "- Просить у вас подарок: деньги, вещи или услуги.\n"
                                "- Обещать помощь за вознаграждение.\n"
                                "- Затягивать оформление, чтобы получить вознаграждение.\n"
                                "\n"
                                "## Если просят больше\n"
                                "1. Не платите.\n"
                                "2. Запомните дату, время, место и что вам сказали.\n"
                                "3. Позвоните на антикоррупционную горячую линию **0312 300423**. Из-за рубежа: +996 "
                                "312 300423.\n"
                                "\n"
                                "Ваше обращение зарегистрируют и рассмотрят.\n"
                            ),
                        },
                        "en": {
                            "title": "Official fee only",
                            "summary": "Nobody may ask you for money or gifts beyond the official fee.",
                            "body": (
                                "Every state service has an official fee. The amount depends on the service.\n"
                                "\n"
                                "## How to pay the right way\n"
                                "- Ask at the window how much the service costs and how to pay. Or call **189**.\n"
                                "- Pay only the official amount.\n"
                                "- Keep the receipt until you get your documents.\n"
                                "\n"
                                "## Staff may not\n"
                                "- Ask you for a gift: money, goods or services.\n"
                                "- Promise help in return for a reward.\n"
                                "- Delay your documents to get a reward.\n"
                                "\n"
                                "## If someone asks for more\n"
                                "1. Do not pay.\n"
                                "2. Remember the date, time, place and what was said.\n"
                                "3. Call the anti-corruption hotline **0312 300423**. From abroad: +996 312 300423.\n"
                                "\n"
                                "Your complaint will be registered and reviewed.\n"
                            ),
                        },
                    },
                },
            ],
        },
        {
            "slug": "report-corruption",
            "icon": "alert",
            "sort": 80,
            "needs_review": False,
            "texts": {
                "ky": {
                    "title": "Коррупция тууралуу кабарлоо",
                    "summary": "Сизден пара, белек же кошумча акы сурашса, 0312 300423 номерине чалыңыз.",
                },
                "ru": {
                    "title": "Сообщить о коррупции",
                    "summary": "Если у вас просят взятку, подарок или лишнюю плату, звоните 0312 300423.",
                },
                "en": {
                    "title": "Report corruption",
                    "summary": "If anyone asks you for a bribe, a gift or extra payment, call 0312 300423.",
                },
            },
            "articles": [
                {
                    "slug": "what-staff-may-not-do",
                    "sort": 10,
                    "needs_review": False,
                    "texts": {
                        "ky": {
                            "title": "Кызматкер эмне кыла албайт",
                            "summary": (
                                "Этика кодекси мамлекеттик кызматчыларга белек алууга жана сыйлык талап кылууга тыюу "
                                "салат."
                            ),
                            "body": (
                                "Мамлекеттик миграция кызматынын кызматчылары Этика кодексин сакташат. Ал сизди "
                                "коргойт.\n"
                                "\n"
                                "## Мамлекеттик кызматчыга тыюу салынат\n"
                                "- кызмат абалын пайдаланып белек алууга: акча, буюм же кызмат;\n"
                                "- белек же сыйлык үчүн жардам сунуштоого же убада кылууга;\n"
                                "- сыйлык алуу үчүн кызматты кечиктирүүгө.\n"
                                "\n"
                                "## Бул сиз үчүн эмнени билдирет\n"
                                "- Мамлекеттик кызматтар **расмий төлөм менен гана** көрсөтүлөт.\n"
                                "- Эч ким сизден белек же кошумча акы сурай албайт.\n"
                                "- Документтериңизди тезирээк алуу үчүн эч кимге «ыраазычылык» берүүнүн кереги жок.\n"
                                "- Сиз «жок» деп айтууга укуктуусуз.\n"
                                "\n"
                                "## Мындай болсо\n"
                                "Төлөбөңүз. Күнүн, убактысын, жерин жана эмне айтылганын эстеп калыңыз. Андан кийин "
                                "**0312 300423** коррупцияга каршы ышкын линиясына чалыңыз. Чет өлкөдөн: +996 312 "
                                "300423.\n"
                            ),
                        },
                        "ru": {
                            "title": "Что запрещено сотрудникам",
                            "summary": "Кодекс этики запрещает госслужащим брать подарки и добиваться вознаграждения.",
                            "body": (
                                "Сотрудники Государственной службы миграции соблюдают Кодекс этики. Он защищает вас.\n"
                                "\n"
                                "## Госслужащему запрещено\n"
                                "- пользоваться должностью, чтобы получать подарки: деньги, вещи или услуги;\n"
                                "- предлагать или обещать помощь за подарок или вознаграждение;\n"
                                "- затягивать услугу, чтобы получить вознаграждение.\n"
                                "\n"
                                "## Что это значит для вас\n"
                                "- Госуслуги оказываются **только за официальную плату**.\n"
                                "- Никто не вправе просить у вас подарок или лишнюю плату.\n"
                                "- Не нужно никого «благодарить», чтобы быстрее получить документы.\n"
                                "- Вы вправе сказать «нет».\n"
                                "\n"
                                "## Если это случилось\n"
                                "Не платите. Запомните дату, время, место и что вам сказали. Затем позвоните на "
                                "антикоррупционную горячую линию **0312 300423**. Из-за рубежа: +996 312 300423.\n"
                            ),
                        },
                        "en": {
                            "title": "What staff may not do",
                            "summary": "The Code of Ethics forbids civil servants to take gifts or seek rewards.",
                            "body": (
                                "Civil servants of the State Migration Service follow a Code of Ethics. It protects "
                                "you.\n"
                                "\n"
                                "## A civil servant may not\n"
                                "- use their position to get gifts: money, goods or services;\n"
                                "- offer or promise help in return for a gift or a reward;\n"
                                "- delay a service to get a reward.\n"
                                "\n"
                                "## What this means for you\n"
                                "- State services are given at the **official fee only**.\n"
                                "- Nobody may ask you for a gift or extra payment.\n"
                                '- You do not need to "thank" anyone to get your documents faster.\n'
                                "- You have the right to say no.\n"
                                "\n"
                                "## If it happens\n"
                                "Do not pay. Remember the date, time and place, and what was said. Then call the "
                                "anti-corruption hotline **0312 300423**. From abroad: +996 312 300423.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "how-to-report",
                    "sort": 20,
                    "needs_review": False,
                    "texts": {
                        "ky": {
                            "title": "Кантип кабарлоо керек",
                            "summary": "Коррупция тууралуу кантип кабарлоо керек жана арызыңыз кандай каралат.",
                            "body": (
                                "## Коррупцияга каршы ышкын линияга чалыңыз\n"
                                "- Кыргызстандан: **0312 300423**\n"
                                "- Чет өлкөдөн: **+996 312 300423**\n"
                                "\n"
                                "Бул номер аркылуу Кызматтын коррупциянын алдын алуу маселелери боюнча ыйгарым "
                                "укуктуу кызматкерине кайрыласыз.\n"
                                "\n"
                                "## Эмнени айтуу керек\n"
                                "- Эмне болду.\n"
                                "- Качан жана кайда: күнү, убактысы, жери.\n"
                                "- Кайсы кызмат үчүн келгенсиз.\n"
                                "- Кызматкердин аты же сырт келбети, эгер билсеңиз.\n"
                                "- Жооп алгыңыз келсе, телефон номериңиз.\n"
                                "\n"
                                "## Андан кийин эмне болот\n"
                                "- Арызыңыз кабыл алынып, катталат.\n"
                                "- Андан соң ал каралат.\n"
                                "- Кызматта коррупциянын алдын алуу боюнча ыйгарым укуктуу кызматкер жана этика "
                                "боюнча комиссия бар. Алар эрежелердин бузулушун карашат.\n"
                                "\n"
                                "Арызды жазуу жүзүндө жазып, 4 кабыл алуу терезесинин бирине тапшырсаңыз да болот.\n"
                                "\n"
                                "Коррупция тууралуу кабарлап, сиз баарыбызга жардам бересиз.\n"
                            ),
                        },
                        "ru": {
                            "title": "Как сообщить",
                            "summary": "Как сообщить о коррупции и что будет с вашим обращением.",
                            "body": (
                                "## Позвоните на антикоррупционную горячую линию\n"
                                "- По Кыргызстану: **0312 300423**\n"
                                "- Из-за рубежа: **+996 312 300423**\n"
                                "\n"
                                "По этому номеру вы попадёте к уполномоченному Службы по вопросам предупреждения "
                                "коррупции.\n"
                                "\n"
                                "## Что рассказать\n"
                                "- Что случилось.\n"
                                "- Когда и где: дата, время, место.\n"
                                "- За какой услугой вы пришли.\n"
                                "- Имя сотрудника или как он выглядит, если знаете.\n"
                                "- Ваш телефон, если хотите получить ответ.\n"
                                "\n"
                                "## Что будет дальше\n"
                                "- Ваше обращение примут и зарегистрируют.\n"
                                "- Затем его рассмотрят.\n"
                                "- В Службе есть уполномоченный по вопросам предупреждения коррупции и комиссия по "
                                "этике. Они разбирают нарушения правил.\n"
                                "\n"
                                "Можно также написать заявление и сдать его в одно из 4 окон приёма.\n"
                                "\n"
                                "Сообщая о коррупции, вы помогаете всем.\n"
                            ),
                        },
                        "en": {
                            "title": "How to report",
                            "summary": "How to report corruption and what happens to your report.",
                            "body": (
                                "## Call the anti-corruption hotline\n"
                                "- In Kyrgyzstan: **0312 300423**\n"
                                "- From abroad: **+996 312 300423**\n"
                                "\n"
                                "This number reaches the Service's commissioner for corruption prevention.\n"
                                "\n"
                                "## What to tell\n"
                                "- What happened.\n"
                                "- When and where: date, time, place.\n"
                                "- Which service you came for.\n"
                                "- The staff member's name or what they look like, if you know.\n"
                                "- Your phone number, if you want an answer.\n"
                                "\n"
                                "## What happens next\n"
                                "- Your complaint is received and registered.\n"
                                "- Then it is reviewed.\n"
                                "- The Service has a commissioner for corruption prevention and an ethics "
                                "commission. They look into breaches of the rules.\n"
                                "\n"
                                "You can also write a statement and hand it in at one of the 4 reception windows.\n"
                                "\n"
                                "By reporting corruption, you help everyone.\n"
                            ),
                        },
                    },
                },
            ],
        },
        {
            "slug": "contacts",
            "icon": "phone",
            "sort": 90,
            "needs_review": False,
            "texts": {
                "ky": {
                    "title": "Байланыш жана кабыл алуу",
                    "summary": "Мамлекеттик миграция кызматынын дареги, кабыл алуу убактысы жана ышкын линиялары.",
                },
                "ru": {
                    "title": "Контакты и приём",
                    "summary": "Адрес, часы приёма и горячие линии Государственной службы миграции.",
                },
                "en": {
                    "title": "Contacts and reception",
                    "summary": "Address, reception hours and hotlines of the State Migration Service.",
                },
            },
            "articles": [
                {
                    "slug": "address-and-hours",
                    "sort": 10,
                    "needs_review": False,
                    "texts": {
                        "ky": {
                            "title": "Дарек жана кабыл алуу убактысы",
                            "summary": "Кызмат кайда жайгашкан жана келүүчүлөрдү качан кабыл алат.",
                            "body": (
                                "## Дарек\n"
                                "**Кыргыз Республикасынын Өкмөтүнө караштуу Мамлекеттик миграция кызматы**\n"
                                "\n"
                                "Бишкек шаары, Раззаков көчөсү, 8/1.\n"
                                "\n"
                                "## Кабыл алуу убактысы\n"
                                "- Келүүчүлөр **иш күндөрү гана** кабыл алынат.\n"
                                "- Убактысы: **09:10–17:50**.\n"
                                "- Дем алыш жана майрам күндөрү Кызмат иштебейт.\n"
                                "- Майрам алдындагы иш күнү бир саатка кыска болот.\n"
                                "- Кээде мамлекеттик органдар үчүн кошумча дем алыш күндөр жарыяланат. Ал күндөрү да "
                                "Кызмат иштебейт.\n"
                                "\n"
                                "Бул терминалдан бүгүнкү кабыл алуу убактысын жана Кызмат азыр ачык же жабык экенин "
                                "көрө аласыз.\n"
                                "\n"
                                "## Ышкын линиялар\n"
                                "- **189** — миграция боюнча ышкын линия.\n"
                                "- **0312 300423** — коррупцияга каршы ышкын линия. Чет өлкөдөн: +996 312 300423.\n"
                            ),
                        },
                        "ru": {
                            "title": "Адрес и часы приёма",
                            "summary": "Где находится Служба и когда она принимает посетителей.",
                            "body": (
                                "## Адрес\n"
                                "**Государственная служба миграции при Правительстве Кыргызской Республики**\n"
                                "\n"
                                "г. Бишкек, ул. Раззакова, 8/1.\n"
                                "\n"
                                "## Часы приёма\n"
                                "- Посетителей принимают **только в рабочие дни**.\n"
                                "- Время: **09:10–17:50**.\n"
                                "- В выходные и праздничные дни Служба не работает.\n"
                                "- Рабочий день накануне праздника короче на один час.\n"
                                "- Иногда для госорганов объявляют дополнительные выходные. В эти дни Служба тоже не "
                                "работает.\n"
                                "\n"
                                "На этом терминале видно, какие часы приёма сегодня и открыта ли Служба прямо сейчас.\n"
                                "\n"
                                "## Горячие линии\n"
                                "- **189** — горячая линия по вопросам миграции.\n"
                                "- **0312 300423** — антикоррупционная горячая линия. Из-за рубежа: +996 312 300423.\n"
                            ),
                        },
                        "en": {
                            "title": "Address and reception hours",
                            "summary": "Where the Service is and when it admits visitors.",
                            "body": (
                                "## Address\n"
                                "**State Migration Service under the Government of the Kyrgyz Republic**\n"
                                "\n"
                                "8/1 Razzakov Street, Bishkek.\n"
                                "\n"
                                "## Reception hours\n"
                                "- Visitors are admitted on **working days only**.\n"
                                "- Hours: **09:10–17:50**.\n"
                                "- The Service is closed on weekends and public holidays.\n"
                                "- The working day before a public holiday is one hour shorter.\n"
                                "- Sometimes extra days off are announced for state bodies. The Service is closed on "
                                "those days too.\n"
                                "\n"
                                "This kiosk also shows today's reception hours and whether the Service is open right "
                                "now.\n"
                                "\n"
                                "## Hotlines\n"
                                "- **189** — migration hotline.\n"
                                "- **0312 300423** — anti-corruption hotline. From abroad: +996 312 300423.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "visiting-the-service",
                    "sort": 20,
                    "needs_review": False,
                    "texts": {
                        "ky": {
                            "title": "Кызматка келгенде",
                            "summary": "Кире бериште эмне болот жана документтерди кайда тапшыруу керек.",
                            "body": (
                                "## Кире бериште\n"
                                "- Күзөтчүлөр ар бир келүүчүнү журналга жазышат: аты-жөнү, кирген жана чыккан "
                                "убактысы, келүү максаты.\n"
                                "- Атыңызды айтууга жана эмне үчүн келгениңизди түшүндүрүүгө даяр болуңуз.\n"
                                "- Чоң сумкалар жана баштыктар көз менен текшерилиши мүмкүн.\n"
                                "\n"
                                "## Документ тапшыруу\n"
                                "- **2 бөлмөдө 4 терезе** иштейт.\n"
                                "- Ар бир терезе **бардык маселелер** боюнча документ кабыл алат.\n"
                                "- Терезелер «ачык терезе» принциби боюнча иштейт.\n"
                                "- Бөлмөлөрдө видеобайкоо жүргүзүлөт. Бул сизди да, кызматкерлерди да коргойт.\n"
                                "\n"
                                "## Кеңештер\n"
                                "- Келээрден мурун кызматыңызга керектүү документтердин тизмесин текшериңиз. Ал "
                                "Кызматтын сайтында бар: ssm.gov.kg.\n"
                                "- Документтериңиздин көчүрмөлөрүн ала келиңиз.\n"
                                "- Расмий төлөмдү гана төлөңүз. Ашык акча сурашса, **0312 300423** номерине чалыңыз.\n"
                                "- Кызматтар боюнча суроо болсо, **189** номерине чалыңыз.\n"
                            ),
                        },
                        "ru": {
                            "title": "Если вы пришли в Службу",
                            "summary": "Что происходит на входе и где сдать документы.",
                            "body": (
                                "## На входе\n"
                                "- Охрана записывает каждого посетителя в журнал: ФИО, время прихода и ухода, цель "
                                "визита.\n"
                                "- Будьте готовы назвать своё имя и сказать, зачем вы пришли.\n"
                                "- Крупные сумки и пакеты могут осмотреть.\n"
                                "\n"
                                "## Где сдать документы\n"
                                "- Работают **4 окна** в **2 помещениях**.\n"
                                "- Каждое окно принимает документы **по всем вопросам**.\n"
                                "- Окна работают по принципу «открытого окна».\n"
                                "- В помещениях ведётся видеонаблюдение. Это защищает и вас, и сотрудников.\n"
                                "\n"
                                "## Советы\n"
                                "- До визита проверьте список документов для вашей услуги. Он есть на сайте Службы: "
                                "ssm.gov.kg.\n"
                                "- Возьмите копии документов.\n"
                                "- Платите только официальную плату. Если просят больше, звоните **0312 300423**.\n"
                                "- Вопросы об услугах — по номеру **189**.\n"
                            ),
                        },
                        "en": {
                            "title": "Visiting the Service",
                            "summary": "What happens at the entrance and where to hand in documents.",
                            "body": (
                                "## At the entrance\n"
                                "- The guards write every visitor in a register: full name, time in, time out and "
                                "the purpose of the visit.\n"
                                "- Be ready to give your name and say why you came.\n"
                                "- Large bags and parcels may be checked by sight.\n"
                                "\n"
                                "## Handing in documents\n"
                                "- There are **4 windows** in **2 rooms**.\n"
                                "- Every window accepts documents on **every subject**.\n"
                                '- The windows work on the "open window" principle.\n'
                                "- The rooms are under video surveillance. This protects both you and the staff.\n"
                                "\n"
                                "## Tips\n"
                                "- Before you come, check the list of documents for your service. It is on the "
                                "Service's site: ssm.gov.kg.\n"
                                "- Bring copies of your documents.\n"
                                "- Pay only the official fee. If someone asks for more, call **0312 300423**.\n"
                                "- Questions about services? Call **189**.\n"
                            ),
                        },
                    },
                },
                {
                    "slug": "hotlines-and-info",
                    "sort": 30,
                    "needs_review": True,
                    "texts": {
                        "ky": {
                            "title": "Ышкын линиялар жана маалымат",
                            "summary": "Кайда чалуу керек жана маалыматты дагы кайдан тапса болот.",
                            "body": (
                                "## Миграция боюнча ышкын линия: 189\n"
                                "Көйгөй чыкса, **189** номерине чалыңыз. Бул линия төмөнкүлөрдү түшүндүрөт:\n"
                                "\n"
                                "- чет өлкөдө иштөө;\n"
                                "- Кызматтын мамлекеттик кызматтары;\n"
                                "- чет өлкөлөрдүн мыйзамдары.\n"
                                "\n"
                                "Чет өлкөдөн чалуу үчүн номерди ssm.gov.kg сайтынан тактаңыз.\n"
                                "\n"
                                "## Коррупцияга каршы ышкын линия: 0312 300423\n"
                                "Пара, белек суралса же кызмат атайылап кечиктирилсе, кабарлаңыз. Чет өлкөдөн: +996 "
                                "312 300423.\n"
                                "\n"
                                "## Дагы кайдан билсе болот\n"
                                "- Расмий сайт: ssm.gov.kg. Анда бардык бөлүмдөр жана алардын телефондору, "
                                "мамлекеттик кызматтар жана керектүү документтер бар.\n"
                                "- Google Play дүкөнүндөгү «Справочник мигранта» Android тиркемеси: чет өлкөдө жана "
                                "Кыргызстанда жүрүү эрежелери.\n"
                                "- Ушул сыяктуу маалымат терминалдары: Кызматтын имаратында, темир жол вокзалында, "
                                "чек ара өткөрүү пункттарында жана «Манас» эл аралык аэропортунда.\n"
                                "- Мамлекеттик миграция кызматына караштуу Маалымат-консультациялык борбор.\n"
                            ),
                        },
                        "ru": {
                            "title": "Горячие линии и справки",
                            "summary": "Куда звонить и где ещё найти информацию.",
                            "body": (
                                "## Горячая линия по вопросам миграции: 189\n"
                                "Если возникла проблема, звоните **189**. Здесь разъясняют:\n"
                                "\n"
                                "- вопросы работы за рубежом;\n"
                                "- государственные услуги Службы;\n"
                                "- законы других стран.\n"
                                "\n"
                                "Номер для звонков из-за рубежа уточняйте на сайте ssm.gov.kg.\n"
                                "\n"
                                "## Антикоррупционная горячая линия: 0312 300423\n"
                                "Сообщите, если у вас просят взятку или подарок или нарочно затягивают услугу. Из-за "
                                "рубежа: +996 312 300423.\n"
                                "\n"
                                "## Где ещё узнать\n"
                                "- Официальный сайт: ssm.gov.kg. Там все отделы с телефонами, список госуслуг и "
                                "нужных документов.\n"
                                "- Android-приложение «Справочник мигранта» в Google Play: правила пребывания за "
                                "рубежом и в Кыргызстане.\n"
                                "- Информационные терминалы, как этот: в здании Службы, на железнодорожном вокзале, "
                                "в пунктах пропуска через границу и в международном аэропорту «Манас».\n"
                                "- Информационно-консультационный центр при Государственной службе миграции.\n"
                            ),
                        },
                        "en": {
                            "title": "Hotlines and more information",
                            "summary": "Where to call and where else to find information.",
                            "body": (
                                "## Migration hotline: 189\n"
                                "If you have a problem, call **189**. The hotline explains:\n"
                                "\n"
                                "- working abroad;\n"
                                "- the state services of the Service;\n"
                                "- the laws of other countries.\n"
                                "\n"
                                "To call from abroad, check the number on ssm.gov.kg.\n"
                                "\n"
                                "## Anti-corruption hotline: 0312 300423\n"
                                "Report a request for a bribe or a gift, or a service delayed on purpose. From "
                                "abroad: +996 312 300423.\n"
                                "\n"
                                "## More information\n"
                                "- Official site: ssm.gov.kg. It lists every department with its phone, the state "
                                "services and the documents they need.\n"
                                '- The Android app "Справочник мигранта" (Migrant\'s Handbook) on Google Play: rules '
                                "of stay abroad and in Kyrgyzstan.\n"
                                "- Information terminals like this one: in the Service's building, at the railway "
                                "station, at border crossing points and at Manas International Airport.\n"
                                "- The Information and Consultation Centre under the State Migration Service.\n"
                            ),
                        },
                    },
                },
            ],
        },
    ],
    "hotlines": [
        {
            "key": "migration",
            "number": "189",
            "number_abroad": "",
            "sort": 10,
            "texts": {
                "ky": {
                    "label": "Миграция боюнча ышкын линия",
                    "description": (
                        "Көйгөй чыкса жардам берет. Чет өлкөдө иштөө, Кызматтын мамлекеттик кызматтары жана чет "
                        "өлкөлөрдүн мыйзамдары боюнча түшүндүрөт."
                    ),
                },
                "ru": {
                    "label": "Горячая линия по вопросам миграции",
                    "description": (
                        "Помогает, если возникла проблема. Разъясняет вопросы работы за рубежом, госуслуги Службы и "
                        "законы других стран."
                    ),
                },
                "en": {
                    "label": "Migration hotline",
                    "description": (
                        "Help if you have a problem. Explains working abroad, the Service's state services and the "
                        "laws of other countries."
                    ),
                },
            },
        },
        {
            "key": "anticorruption",
            "number": "0312 300423",
            "number_abroad": "+996 312 300423",
            "sort": 20,
            "texts": {
                "ky": {
                    "label": "Коррупцияга каршы ышкын линия",
                    "description": (
                        "Пара, белек же кошумча акы сурашса, же кызматты атайылап кечиктиришсе, кабарлаңыз. Ар бир "
                        "арыз катталып, каралат."
                    ),
                },
                "ru": {
                    "label": "Антикоррупционная горячая линия",
                    "description": (
                        "Сообщите, если у вас просят взятку, подарок или лишнюю плату или нарочно затягивают услугу. "
                        "Каждое обращение регистрируют и рассматривают."
                    ),
                },
                "en": {
                    "label": "Anti-corruption hotline",
                    "description": (
                        "Report a request for a bribe, a gift or extra payment, or a service delayed on purpose. "
                        "Every report is registered and reviewed."
                    ),
                },
            },
        },
    ],
    "office": {
        "windows": 4,
        "texts": {
            "ky": {
                "name": "Кыргыз Республикасынын Өкмөтүнө караштуу Мамлекеттик миграция кызматы",
                "address": "Бишкек шаары, Раззаков көчөсү, 8/1",
                "reception_note": (
                    "## Ким, качан кирет\n"
                    "Келүүчүлөр имаратка **иш күндөрү гана, 09:10–17:50** киргизилет.\n"
                    "\n"
                    "## Кире бериште\n"
                    "- Күзөтчүлөр ар бир келүүчүнү журналга жазышат: аты-жөнү, кирген жана чыккан убактысы, келүү "
                    "максаты.\n"
                    "- Чоң сумкалар жана баштыктар көз менен текшерилиши мүмкүн.\n"
                    "\n"
                    "## Документтерди кайда тапшыруу керек\n"
                    "- **2 бөлмөдөгү 4 терезе** **бардык маселелер** боюнча документтерди кабыл алат.\n"
                    "- Терезелер «ачык терезе» принциби боюнча иштейт.\n"
                    "- Бөлмөлөрдө видеобайкоо жүргүзүлөт.\n"
                    "\n"
                    "Расмий төлөмдү гана төлөңүз. Пара сурашса, **0312 300423** номерине чалыңыз.\n"
                ),
            },
            "ru": {
                "name": "Государственная служба миграции при Правительстве Кыргызской Республики",
                "address": "г. Бишкек, ул. Раззакова, 8/1",
                "reception_note": (
                    "## Кого и когда пускают\n"
                    "Посетителей пускают в здание **только в рабочие дни, 09:10–17:50**.\n"
                    "\n"
                    "## На входе\n"
                    "- Охрана записывает каждого посетителя в журнал: ФИО, время прихода и ухода, цель визита.\n"
                    "- Крупные сумки и пакеты могут осмотреть.\n"
                    "\n"
                    "## Где сдать документы\n"
                    "- **4 окна** в **2 помещениях** принимают документы **по всем вопросам**.\n"
                    "- Окна работают по принципу «открытого окна».\n"
                    "- В помещениях ведётся видеонаблюдение.\n"
                    "\n"
                    "Платите только официальную плату. Если просят взятку, звоните **0312 300423**.\n"
                ),
            },
            "en": {
                "name": "State Migration Service under the Government of the Kyrgyz Republic",
                "address": "8/1 Razzakov Street, Bishkek",
                "reception_note": (
                    "## Who is admitted, and when\n"
                    "Visitors are admitted to the building **on working days only, 09:10–17:50**.\n"
                    "\n"
                    "## At the entrance\n"
                    "- The guards write every visitor in a register: full name, time in, time out and the purpose of "
                    "the visit.\n"
                    "- Large bags and parcels may be checked by sight.\n"
                    "\n"
                    "## Where to hand in documents\n"
                    "- **4 windows** in **2 rooms** accept documents on **every subject**.\n"
                    '- The windows work on the "open window" principle.\n'
                    "- The rooms are under video surveillance.\n"
                    "\n"
                    "Pay only the official fee. If someone asks for a bribe, call **0312 300423**.\n"
                ),
            },
        },
    },
    "departments": [
        {
            "key": "anticorruption-commissioner",
            "sort": 10,
            "texts": {
                "ru": {
                    "name": "Уполномоченный по вопросам предупреждения коррупции",
                },
                "ky": {
                    "name": "Коррупциянын алдын алуу маселелери боюнча ыйгарым укуктуу",
                },
                "en": {
                    "name": "Commissioner for Corruption Prevention",
                },
            },
        },
        {
            "key": "press-secretary",
            "sort": 20,
            "texts": {
                "ru": {
                    "name": "Пресс-секретарь",
                },
                "ky": {
                    "name": "Басма сөз катчысы",
                },
                "en": {
                    "name": "Press Secretary",
                },
            },
        },
        {
            "key": "finance-technical",
            "sort": 30,
            "texts": {
                "ru": {
                    "name": "Отдел финансово-технического обеспечения",
                },
                "ky": {
                    "name": "Финансы-техникалык камсыздоо бөлүмү",
                },
                "en": {
                    "name": "Finance and Technical Support Department",
                },
            },
        },
        {
            "key": "legal-international",
            "sort": 40,
            "texts": {
                "ru": {
                    "name": "Отдел правового обеспечения и международного сотрудничества",
                },
                "ky": {
                    "name": "Укуктук камсыздоо жана эл аралык кызматташтык бөлүмү",
                },
                "en": {
                    "name": "Legal Support and International Cooperation Department",
                },
            },
        },
        {
            "key": "hr-records",
            "sort": 50,
            "texts": {
                "ru": {
                    "name": "Отдел кадрового обеспечения и делопроизводства",
                },
                "ky": {
                    "name": "Кадрдык камсыздоо жана иш кагаздарын жүргүзүү бөлүмү",
                },
                "en": {
                    "name": "Human Resources and Records Department",
                },
            },
        },
        {
            "key": "labour-migration-abroad",
            "sort": 60,
            "texts": {
                "ru": {
                    "name": "Отдел трудовой миграции граждан за рубежом",
                },
                "ky": {
                    "name": "Жарандардын чет өлкөлөрдөгү эмгек миграциясы бөлүмү",
                },
                "en": {
                    "name": "Department for Labour Migration of Citizens Abroad",
                },
            },
        },
        {
            "key": "migration-policy",
            "sort": 70,
            "texts": {
                "ru": {
                    "name": "Отдел разработки миграционной политики",
                },
                "ky": {
                    "name": "Миграция саясатын иштеп чыгуу бөлүмү",
                },
                "en": {
                    "name": "Migration Policy Development Department",
                },
            },
        },
        {
            "key": "kayrylmans",
            "sort": 80,
            "texts": {
                "ru": {
                    "name": "Отдел по работе с кайрылманами",
                },
                "ky": {
                    "name": "Кайрылмандар менен иштөө бөлүмү",
                },
                "en": {
                    "name": "Department for Kayrylmans",
                },
            },
        },
        {
            "key": "foreign-citizens",
            "sort": 90,
            "texts": {
                "ru": {
                    "name": "Отдел по работе с иностранными гражданами",
                },
                "ky": {
                    "name": "Чет өлкөлүк жарандар менен иштөө бөлүмү",
                },
                "en": {
                    "name": "Department for Foreign Citizens",
                },
            },
        },
        {
            "key": "refugees",
            "sort": 100,
            "texts": {
                "ru": {
                    "name": "Отдел по работе с беженцами",
                },
                "ky": {
                    "name": "Качкындар менен иштөө бөлүмү",
                },
                "en": {
                    "name": "Department for Refugees",
                },
            },
        },
    ],
}

"""A synthetic people list in the drill's style (New Zealand names with and without macrons,
nicknames, households' shared phones, test-range NHIs), with duplicates carrying the noise real
patient lists carry. Writes CSV with a `person` column: the truth.

    python people.py OUT.csv --records 1000000 --seed 1
"""
import argparse
import csv
import random

MAORI_FAMILY = ["Tipene", "Ngata", "Parata", "Te Whata", "Tūhiwai", "Pōmare", "Waititi", "Tāwhai", "Rāwiri",
                "Hōhepa", "Te Huia", "Ruatapu", "Māhaki", "Kereama", "Walker", "Nikora", "Tamihana", "Paewai"]
OTHER_FAMILY = ["Smith", "Wilson", "Brown", "Taylor", "Williams", "Thompson", "Anderson", "Campbell", "Stewart",
                "Robertson", "Harris", "MacDonald", "O'Brien", "Fitzgerald-Hart", "Clarke", "Mitchell", "Young", "King",
                "Tuilagi", "Fa'alogo", "Taufa", "Tupou", "Sopoaga", "Leota", "Wang", "Li", "Zhang", "Chen", "Patel",
                "Singh", "Sharma", "Kumar", "Kim", "Lee", "Park", "Santos", "Reyes", "dela Cruz", "Mendoza"]
GIVEN = ["Tāmati", "Wiremu", "Hēmi", "Rāwiri", "Nikau", "Aroha", "Mere", "Ngaio", "Hine", "Mīria", "Robert",
         "William", "James", "Michael", "Thomas", "Richard", "Anthony", "Christopher", "David", "Joseph", "Elizabeth",
         "Margaret", "Catherine", "Jennifer", "Sarah", "Emma", "Olivia", "Charlotte", "Renée", "Zoë", "Sione",
         "Tevita", "Mele", "Salote", "Wei", "Jun", "Mei", "Priya", "Rahul", "Arjun", "Min-jun", "Seo-yeon", "Maria"]
NICKNAMES = {"Robert": "Bob", "William": "Bill", "James": "Jim", "Michael": "Mike", "Thomas": "Tom",
             "Richard": "Rick", "Anthony": "Tony", "Christopher": "Chris", "David": "Dave", "Joseph": "Joe",
             "Elizabeth": "Liz", "Margaret": "Maggie", "Catherine": "Kate", "Jennifer": "Jen"}
SYLLABLES = ["ka", "ra", "ta", "mi", "no", "wi", "te", "ha", "pa", "ro", "li", "an", "er", "son", "ley", "ton",
             "ford", "wood", "ma", "ngi", "tu", "fe", "sa", "lo", "vi", "chen", "zhu", "kar", "dev", "bel", "mor"]
STREETS = ["Rata Street", "Kowhai Road", "Pōhutukawa Avenue", "Queen Street", "Dominion Road", "Great North Road",
           "Mt Eden Road", "Sandringham Road", "Manukau Road", "Karangahape Road", "Ponsonby Road", "Jervois Road"]
MACRONS = str.maketrans("āēīōūĀĒĪŌŪ", "aeiouAEIOU")


def pools(rng):
    family = MAORI_FAMILY + OTHER_FAMILY
    while len(family) < 20000:
        family.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize())
    given = list(GIVEN)
    while len(given) < 3000:
        given.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize())
    streets = list(STREETS)
    while len(streets) < 3000:
        streets.append("".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize() + rng.choice([" Street", " Road", " Avenue", " Place"]))
    suburbs = [("".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize(), str(600 + i).zfill(4)) for i in range(1500)]
    return family, given, streets, suburbs


class Frequencies:
    """Names as common as real ones: the commonest about 1 in 200 people, most names rare."""

    def __init__(self, items, offset):
        import itertools
        self.items = items
        self.cumulative = list(itertools.accumulate(1 / (rank + offset) for rank in range(len(items))))

    def pick(self, rng):
        import bisect
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def nhi(rng, used):
    """A test-range NHI (Z…), old AAANNNC or new AAANNAX format, with its check character."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    while True:
        new = rng.random() < 0.6
        prefix = "Z" + rng.choice(letters) + rng.choice(letters) + str(rng.randint(0, 99)).zfill(2)
        prefix += rng.choice(letters) if new else rng.choice("0123456789")
        values = [letters.index(c) + 1 for c in prefix[:3]] + [int(c) for c in prefix[3:5]]
        values.append(letters.index(prefix[5]) + 1 if new else int(prefix[5]))
        total = sum(v * w for v, w in zip(values, [7, 6, 5, 4, 3, 2]))
        if new:
            value = prefix + letters[23 - total % 23 - 1]
        else:
            if total % 11 == 0:
                continue
            value = prefix + str((11 - total % 11) % 10)
        if value not in used:
            used.add(value)
            return value


def typo(rng, text):
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text))
    kind = rng.random()
    if kind < 0.4:
        return text[:i] + rng.choice("abcdefghiklmnoprstuw") + text[i + 1:]
    if kind < 0.7:
        return text[:i] + text[i + 1:]
    if i < len(text) - 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text + rng.choice("aeiou")


def noisy(rng, p):
    q = dict(p)
    if rng.random() < 0.3:
        q["nhi"] = ""
    elif rng.random() < 0.02 and q["nhi"]:
        q["nhi"] = typo(rng, q["nhi"])
    if rng.random() < 0.3:
        q["given"] = q["given"].translate(MACRONS)
        q["family"] = q["family"].translate(MACRONS)
    if rng.random() < 0.1:
        q["family"] = q["family"].upper()
    if q["given"] in NICKNAMES and rng.random() < 0.3:
        q["given"] = NICKNAMES[q["given"]]
    if rng.random() < 0.12:
        q["given"] = typo(rng, q["given"])
    if rng.random() < 0.12:
        q["family"] = typo(rng, q["family"])
    if rng.random() < 0.02:
        q["given"], q["family"] = q["family"], q["given"]
    if rng.random() < 0.05:
        q["given"] = q["given"][:1]
    y, m, d = q["dob"].split("-")
    r = rng.random()
    if r < 0.03 and int(d) <= 12:
        q["dob"] = f"{y}-{d}-{m}"
    elif r < 0.08:
        part = rng.randrange(3)
        if part == 0:
            y = str(int(y) + rng.choice([-1, 1, 10, -10]))
        elif part == 1:
            m = str(rng.randint(1, 12)).zfill(2)
        else:
            d = str(rng.randint(1, 28)).zfill(2)
        q["dob"] = f"{y}-{m}-{d}"
    elif r < 0.1:
        q["dob"] = ""
    if rng.random() < 0.3:
        q["phone"] = ""
    if rng.random() < 0.5:
        q["email"] = ""
    if rng.random() < 0.1:
        q["house"], q["street"] = str(rng.randint(1, 300)), typo(rng, q["street"])
    if rng.random() < 0.2:
        q["suburb"] = ""
    return q


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    family, given, streets, suburbs = pools(rng)
    family_names, given_names = Frequencies(family, 60), Frequencies(given, 25)
    used = set()
    people = []
    originals = int(args.records * 0.7)
    household = None
    for index in range(originals):
        if household is None or rng.random() < 0.45:
            suburb = rng.choice(suburbs)
            household = {"family": family_names.pick(rng), "house": str(rng.randint(1, 300)), "street": rng.choice(streets),
                         "suburb": suburb[0], "postcode": suburb[1],
                         "phone": "02" + str(rng.randint(1, 9)) + str(rng.randint(1000000, 9999999))}
        dob = f"{rng.randint(1930, 2024)}-{str(rng.randint(1, 12)).zfill(2)}-{str(rng.randint(1, 28)).zfill(2)}"
        g = given_names.pick(rng)
        people.append({"person": f"P{index:07d}", "nhi": nhi(rng, used) if rng.random() < 0.85 else "", "given": g,
                       "family": household["family"] if rng.random() < 0.9 else family_names.pick(rng),
                       "dob": dob, "sex": rng.choice("FM"),
                       "phone": household["phone"] if rng.random() < 0.7 else "",
                       "email": (g.translate(MACRONS).lower() + "." + household["family"].translate(MACRONS).lower().replace(" ", "")
                                 + str(rng.randint(1, 99)) + "@example.co.nz") if rng.random() < 0.5 else "",
                       "house": household["house"], "street": household["street"], "suburb": household["suburb"],
                       "postcode": household["postcode"]})
    rows = [dict(p, id=f"{p['person']}-0") for p in people]
    copies = {}
    copied = []
    while len(rows) < args.records:
        # Most duplicated people appear twice; some people many times.
        p = rng.choice(copied) if copied and rng.random() < 0.25 else rng.choice(people)
        copied.append(p)
        copies[p["person"]] = copies.get(p["person"], 0) + 1
        rows.append(dict(noisy(rng, p), id=f"{p['person']}-{copies[p['person']]}"))
    rng.shuffle(rows)
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "person", "nhi", "given", "family", "dob", "sex", "phone", "email",
                                               "house", "street", "suburb", "postcode"])
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()

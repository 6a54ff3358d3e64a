#!/usr/bin/env python3
"""Converts the downloaded real data sets into the plain files rnn4j reads (standard library only).

    convert.py spam    PACKAGE_DIR OUT_DIR   SpamAssassin e-mails -> spam-train.tsv, spam-test.tsv (label<TAB>text)
    convert.py cmudict PACKAGE_DIR OUT_DIR   CMU dictionary -> g2p-{train,valid,test}.tsv (spelling<TAB>phonemes)
    convert.py kjv     VERSES_FILE OUT_DIR   King James Bible -> kjv-{train,valid,test}.txt (one verse per line)
                                             and punct-{train,valid,test}.conll (punctuation and case restoration)
    convert.py births  PACKAGE_DIR OUT_DIR   US daily births -> births-{train,valid,test}.csv (date,births)
    convert.py translation EXPORT_DIR OUT_DIR  World English Bible and Reina-Valera 1909, as mod2imp exports them
                                             (engWEB2015eb.imp, spaRV1909eb.imp) -> translation-{train,valid,test}.tsv
                                             (english<TAB>spanish), aligned by verse reference

Splits are deterministic: spam by message, stratified (every 5th message of each class is test); words of the
dictionary by a hash of the word (80/10/10), so no word is in two splits; verses by a hash of the reference
(90/5/5); the aligned Bible verses by a hash of the reference (the first 1,000 test, the next 1,000 valid); daily births by time: 1969-1984 train, 1985-1986 valid, 1987-1988 test, the valid and test files
starting with the HISTORY days before their period, so that with --window HISTORY every target is in the period.
Every output is written to a temporary file and renamed, so an interrupted run leaves no partial file.
"""
import email, email.policy, hashlib, html, json, os, re, sys


def write(path, lines):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")
    os.replace(tmp, path)


def bucket(key, n=100):
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % n


def email_text(raw, max_words=400):
    """Subject and body text of an e-mail: text parts, HTML stripped of tags, whitespace collapsed, first words."""
    msg = email.message_from_string(raw, policy=email.policy.default)
    parts = [str(msg.get("subject", ""))]
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        try:
            body = part.get_content()
        except (LookupError, UnicodeError, AssertionError):
            body = part.get_payload(decode=True).decode("latin-1", "replace") if part.get_payload(decode=True) else ""
        if part.get_content_subtype() == "html":
            body = html.unescape(re.sub(r"(?is)<(script|style).*?</\1>|<[^>]+>", " ", body))
        parts.append(body)
    words = " ".join(parts).split()
    return " ".join(words[:max_words])


def spam(package, out):
    data = os.path.join(package, "data")
    rows = {"spam": [], "ham": []}
    for group in sorted(os.listdir(data)):
        folder = os.path.join(data, group)
        if not os.path.isdir(folder):
            continue
        label = "spam" if group.startswith("spam") else "ham"
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = email_text(json.load(f)["text"])
            if text:
                rows[label].append(label + "\t" + text.replace("\t", " "))
    train, test = [], []
    for label in sorted(rows):
        for i, row in enumerate(rows[label]):
            (test if i % 5 == 4 else train).append(row)
    write(os.path.join(out, "spam-train.tsv"), train)
    write(os.path.join(out, "spam-test.tsv"), test)
    print("spam: %d ham, %d spam; %d train, %d test" % (len(rows["ham"]), len(rows["spam"]), len(train), len(test)))


def cmudict(package, out):
    splits = {"train": [], "valid": [], "test": []}
    seen = set()
    with open(os.path.join(package, "data", "dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split("  ", 1)
            if len(parts) != 2 or "(" in parts[0] or not re.fullmatch(r"[A-Z']+", parts[0]) or parts[0] in seen:
                continue                                   # the first pronunciation of plain words only
            seen.add(parts[0])
            word, phones = parts[0].lower(), re.sub(r"\d", "", parts[1])        # stress digits removed
            b = bucket(word)
            split = "train" if b < 80 else "valid" if b < 90 else "test"
            splits[split].append(word + "\t" + phones)
    for split, rows in splits.items():
        write(os.path.join(out, "g2p-%s.tsv" % split), rows)
    print("cmudict: %d words; %s" % (len(seen), ", ".join("%d %s" % (len(r), s) for s, r in splits.items())))


def kjv(verses, out):
    splits = {"train": [], "valid": [], "test": []}
    with open(verses, encoding="utf-8", errors="strict") as f:
        for line in f:
            m = re.match(r"^(\S*?\d+:\d+)\s+(.*\S)\s*$", line)
            if not m:
                continue
            b = bucket(m.group(1))
            split = "train" if b < 90 else "valid" if b < 95 else "test"
            splits[split].append(m.group(2))
    for split, rows in splits.items():
        write(os.path.join(out, "kjv-%s.txt" % split), rows)
        write(os.path.join(out, "punct-%s.conll" % split), (punctuation_tags(v) for v in rows))
    print("kjv: %s verses" % ", ".join("%d %s" % (len(r), s) for s, r in splits.items()))


PUNCTUATION = ".,;:?!"


def punctuation_tags(verse):
    """A verse as CoNLL lines for punctuation and case restoration, then a blank line: each word lower-cased without
    punctuation, and its tag: its case (l lower, C capitalised, U all capitals like LORD) and the punctuation mark
    that follows it (_ for none), e.g. "C," for "Lord," and "l." for "earth.". Brackets and quotes are dropped."""
    lines = []
    for raw in verse.split():
        mark = next((c for c in reversed(raw) if c in PUNCTUATION), "_") if raw[-1:] in PUNCTUATION + ")'" else "_"
        word = re.sub(r"[^\w'-]", "", raw).strip("'-")
        if not word:
            continue
        case = "U" if len(word) > 1 and word.isupper() else "C" if word[0].isupper() else "l"
        lines.append("%s\t%s%s" % (word.lower(), case, mark))
    return "\n".join(lines) + "\n"


NOTE = re.compile(r"(?s)<note\b.*?</note>")
TAG = re.compile(r"<[^>]*>")
BOOK_END = re.compile(r'<div\b(?=[^>]*\beID=)(?=[^>]*\btype="book")[^>]*>')     # what follows a book's end is back matter


def imp_verses(path):
    """The verses of a SWORD module exported by mod2imp: {"Genesis 1:1": text}, notes and markup stripped, spaces
    collapsed; a note between two words leaves a space. Chapter and book headings (verse 0) and what follows the end
    of a book (a glossary) are skipped."""
    verses, key, lines = {}, None, []

    def done():
        if key is None:
            return
        text = BOOK_END.split(" ".join(lines))[0]
        text = NOTE.sub("\x00", text)
        text = html.unescape(TAG.sub("", text))
        text = re.sub(r"(?<=\w)\x00(?=\w)", " ", text).replace("\x00", "")
        text = " ".join(text.split())
        m = re.match(r"^(.+) (\d+):(\d+)$", key)
        if text and m and int(m.group(3)) > 0:
            if m.group(3) == "1":                          # a chapter's first word in capitals (a drop cap): "EN el principio"
                text = re.sub(r"^([^\W\d_]{2,})\b", lambda w: w.group(1).capitalize() if w.group(1).isupper() else w.group(1), text)
            verses[key] = text

    with open(path, encoding="utf-8", errors="strict") as f:
        for line in f:
            if line.startswith("$$$"):
                done()
                key, lines = line[3:].strip(), []
            else:
                lines.append(line.strip())
    done()
    return verses


def translation(exports, out):
    english = imp_verses(os.path.join(exports, "engWEB2015eb.imp"))
    spanish = imp_verses(os.path.join(exports, "spaRV1909eb.imp"))
    both = sorted(set(english) & set(spanish), key=lambda ref: hashlib.sha256(ref.encode("utf-8")).hexdigest())
    rows = ["%s\t%s" % (english[r], spanish[r]) for r in both]
    for rows_of, name in ((rows[:1000], "test"), (rows[1000:2000], "valid"), (rows[2000:], "train")):
        write(os.path.join(out, "translation-%s.tsv" % name), rows_of)
    print("translation: %d verse pairs (%d train, 1000 valid, 1000 test); dropped %d English verses without a Spanish one "
          "and %d Spanish without an English one" % (len(rows), len(rows) - 2000, len(set(english) - set(spanish)), len(set(spanish) - set(english))))


HISTORY = 56


def births(package, out):
    import csv
    with open(os.path.join(package, "data", "data.csv"), encoding="utf-8") as f:
        rows = [("%04d-%02d-%02d" % (int(r["year"]), int(r["month"]), int(r["date_of_month"])), int(r["births"]), int(r["year"]))
                for r in csv.DictReader(f)]
    periods = {"train": (1969, 1984), "valid": (1985, 1986), "test": (1987, 1988)}
    for split, (first, last) in periods.items():
        idx = [i for i, r in enumerate(rows) if first <= r[2] <= last]
        start = idx[0] if split == "train" else idx[0] - HISTORY
        write(os.path.join(out, "births-%s.csv" % split), ["date,births"] + ["%s,%d" % rows[i][:2] for i in range(start, idx[-1] + 1)])
    print("births: %d days, 1969-1988" % len(rows))


if __name__ == "__main__":
    kind, source, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    {"spam": spam, "cmudict": cmudict, "kjv": kjv, "births": births, "translation": translation}[kind](source, out)

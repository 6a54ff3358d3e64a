#!/usr/bin/python3
"""Fixtures for SacreBleuTest: corpus BLEU of fixed sentence pairs as NLTK's corpus_bleu scores them (Debian's
python3-nltk), on tokens cut by the 13a rules of mteval-v13a.pl (the four regular expressions sacreBLEU applies,
written out here). (NLTK's chrF averages F-scores over sentences and orders, not sacreBLEU's chrF; SacreBleuTest
checks chrF against sacreBLEU's own printed scores instead.) Every hypothesis has at least 4 tokens: NLTK counts one
4-gram for a shorter one, sacreBLEU none, so only there do the two BLEUs differ.

    /usr/bin/python3 tools/make_bleu_fixtures.py > rnn4j-core/src/test/resources/bleu/nltk.json
"""
import json
import os
import sys

from nltk.translate.bleu_score import corpus_bleu

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tokenize13a import tokenize_13a   # noqa: E402

CORPORA = [
    ([("The dog bit the man.", "The dog bit the man."),
      ("It wasn't surprising.", "It was not unexpected."),
      ("The man had just bitten him.", "The man bit him first.")]),
    ([("In the beginning God created the heavens and the earth.", "In the beginning, God created the heavens and the earth."),
      ("And God said, Let there be light: and there was light.", "God said, \"Let there be light,\" and there was light."),
      ("The earth was without form and void; darkness was on the deep.", "The earth was formless and empty. Darkness was on the surface of the deep."),
      ("He paid 1,000 shekels, 3.5 talents and 20-30 rams (on day 7).", "He paid 1,000 shekels, 3.5 talents, and 20-30 rams on the 7th day."),
      ("Jesus wept with them.", "Jesus wept.")]),
    ([("En el principio creó Dios los cielos y la tierra.", "En el principio creó Dios los cielos y la tierra."),
      ("Y dijo Dios: Sea la luz; y fue la luz.", "Y dijo Dios: «Sea la luz»; y fue la luz."),
      ("¿Quién es éste, que aun los vientos le obedecen?", "¿Quién es este hombre, que aun los vientos y el mar le obedecen?"),
      ("Bienaventurados los pobres en espíritu & los mansos <de corazón>.", "Bienaventurados los pobres en espíritu, porque de ellos es el reino de los cielos.")]),
    ([("a b c d e f g h", "a b c d e f g h i j"),
      ("the cat sat on the mat", "the cat is on the mat")]),
]

out = {"corpora": []}
for corpus in CORPORA:
    assert all(len(tokenize_13a(h)) >= 4 for h, _ in corpus)
    hyps = [h for h, _ in corpus]
    refs = [r for _, r in corpus]
    bleu = corpus_bleu([[tokenize_13a(r)] for r in refs], [tokenize_13a(h) for h in hyps])
    out["corpora"].append({"hypotheses": hyps, "references": refs, "bleu": 100 * bleu,
                           "tokens": {s: tokenize_13a(s) for s in hyps + refs}})
print(json.dumps(out, ensure_ascii=False, indent=1))

#!/usr/bin/env bash
# Writes eval/results/augment-examples.md: three sentences of the embedded default data and K=3
# views from each augmenter (EDA, TF-IDF fitted on the 2,000 training sentences, contextual MLM
# substitution with BERT-base). Seeded: rerunning gives the same views.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/mixkit.jar ] || mvn -B -q package -DskipTests
work=$(mktemp -d)
java -cp target/mixkit.jar io.mixkit.cli.MixKitCli dataset uci-sentiment --raw "${MIXKIT_CACHE:-$HOME/.cache/mixkit}/datasets/raw/sentiment-5.0.2/package" --out "$work/data" --format jsonl > /dev/null 2>&1 \
  || { datasets/fetch.sh uci-sentiment "$work/data" > /dev/null; }
python3 -c "
import json,sys
rows=[json.loads(l)['text'] for l in open('$work/data/train.jsonl')]
open('$work/corpus.txt','w').write('\n'.join(rows)+'\n')
open('$work/three.txt','w').write('\n'.join(rows[:3])+'\n')
"
out=eval/results/augment-examples.md
{
  echo "# Augmentation examples"
  echo
  echo "Produced by \`eval/augment-examples.sh\` (seed 42, K = 3): the first three training sentences of the"
  echo "embedded default data; TF-IDF statistics come from all 2,000 training sentences."
  for m in eda tfidf mlm; do
    in=$work/three.txt
    [ "$m" = tfidf ] && in=$work/corpus.txt
    java -jar target/mixkit.jar augment --method $m --k 3 --in "$in" --out "$work/$m.jsonl" --seed 42 2> "$work/$m.log"
    echo
    echo "## $m"
    echo
    head -n 3 "$work/$m.jsonl" | python3 -c "
import json,sys
for line in sys.stdin:
    r=json.loads(line)
    print('- **' + r['text'].replace('|','/') + '**')
    for v in r['augmentations']:
        print('  - ' + v)
"
  done
} > "$out"
cat "$out"
rm -rf "$work"

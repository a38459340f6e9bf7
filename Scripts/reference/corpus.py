"""Hand-written text used by make_encoder_fixtures.py.

Everything here is plain data so that the fixture generator stays deterministic:
no randomness, no downloads. Keep edits append-only if you want old fixtures to
stay byte-identical (changing the corpus changes the tiny WordPiece vocabulary
and therefore every tiny-model fixture).
"""

# --------------------------------------------------------------------------
# Training corpus for the tiny WordPiece tokenizer (a few hundred sentences).
# --------------------------------------------------------------------------

_HAND_WRITTEN = [
    "The quick brown fox jumps over the lazy dog.",
    "A small model can still learn useful patterns from a tiny corpus.",
    "Where is the library? It is next to the old train station.",
    "She opened the window because the room was too warm.",
    "We walked along the river until the sun went down.",
    "The children played football in the park after school.",
    "My grandmother bakes bread every Sunday morning.",
    "The museum opens at nine and closes at five.",
    "He forgot his umbrella, so he got wet in the rain.",
    "Please send me the report before the meeting tomorrow.",
    "The cat is sleeping on the warm windowsill.",
    "Our team finished the project two days early.",
    "The mountain road was narrow and full of sharp turns.",
    "They ordered pizza, salad and two glasses of lemonade.",
    "The teacher explained the lesson again, more slowly this time.",
    "A gentle wind moved through the tall grass.",
    "The train to the coast leaves from platform four.",
    "I would like a cup of coffee with a little milk, please.",
    "The old bridge was repaired last summer.",
    "Scientists measured the temperature of the ocean every hour.",
    "The new phone has a larger screen and a better camera.",
    "Reading before bed helps me relax.",
    "The garden is full of roses, tulips and sunflowers.",
    "He is learning to play the piano and the guitar.",
    "The airport was crowded on the first day of the holidays.",
    "Fresh vegetables are sold at the market every Saturday.",
    "The doctor told him to drink more water and sleep longer.",
    "Our neighbours are building a wooden house near the lake.",
    "The computer restarted in the middle of an important update.",
    "Birds were singing in the trees when we woke up.",
    "The restaurant serves fish, rice and grilled vegetables.",
    "She writes short stories about life in small villages.",
    "The city council approved the plan for a new park.",
    "The storm knocked down several trees and power lines.",
    "A good map makes it easy to find the hidden beach.",
    "He painted the kitchen walls a bright shade of yellow.",
    "The students asked many questions after the lecture.",
    "The bakery on the corner sells the best croissants in town.",
    "We need three eggs, some flour and a bit of sugar.",
    "The football match ended in a draw.",
    "Her brother works as an engineer at a large company.",
    "The hotel room had a beautiful view of the harbour.",
    "The printer is out of paper again.",
    "Many people visit the castle during the summer.",
    "The baby laughed when the dog licked her hand.",
    "The library lends books, films and music for free.",
    "Winter nights are long and cold in the north.",
    "Please turn off the lights when you leave the room.",
    "The farmer grows wheat, corn and potatoes.",
    "They travelled by boat from one island to another.",
    "The cafe near the station serves espresso and cake.",
    "Le café est très bon, mais un peu cher.",
    "Der schnelle braune Fuchs springt über den faulen Hund.",
    "El niño come una manzana en la cocina.",
    "The résumé mentions a naïve approach to a complex problem.",
    "Zoë and José met at the café in São Paulo.",
    "The encoder maps each token to a vector of numbers.",
    "Attention layers let every token look at every other token.",
    "Layer normalization keeps the activations in a stable range.",
    "The tokenizer splits rare words into smaller pieces.",
    "A transformer block contains attention, a feed forward network and two residual connections.",
    "Embeddings for similar sentences should be close together.",
    "The batch contains sequences of different lengths, so we pad them.",
    "Padding tokens are masked out of the attention scores.",
    "The model was trained on millions of sentence pairs.",
    "Cosine similarity compares the direction of two vectors.",
    "The server returned an error code of 404.",
    "Version 2.5 of the library was released on 12 March 2024.",
    "The package costs 19.99 dollars and weighs 3 kilograms.",
    "Call 555-0134 if you have any questions.",
    "Room 101 is on the first floor, next to the elevator.",
    "The recipe needs 250 grams of butter and 2 cups of milk.",
    "In 1969, astronauts walked on the moon for the first time.",
    "The temperature dropped to minus 12 degrees last night.",
    "Is it going to rain tomorrow?",
    "What time does the concert start?",
    "How many languages do you speak?",
    "Why did the chicken cross the road?",
    "Can you help me carry these boxes upstairs?",
    "Do you know the way to the nearest hospital?",
    "Who wrote this beautiful poem?",
    "Which road leads to the village?",
    "Hi!",
    "Hello there.",
    "Thanks a lot.",
    "Good morning, everyone.",
    "See you later.",
    "Yes.",
    "No, thank you.",
    "Wow, that is amazing!",
    "Unbelievably, the unstoppable runner finished first.",
    "The internationalization team is reorganizing the documentation.",
    "Preprocessing, tokenization and normalization happen before inference.",
    "The photographer photographed the photogenic lighthouse.",
    "Unhappiness and happiness are two sides of the same coin.",
    "The rewritten chapter was reread and rechecked twice.",
    "Kindness is more important than cleverness.",
    "The king and the queen lived in a large castle.",
    "The prince and the princess rode their horses to the forest.",
    "An apple a day keeps the doctor away.",
    "Oranges, bananas and apples are my favourite fruits.",
    "She deposited the money at the bank on Monday.",
    "They had a picnic on the bank of the river.",
    "The pilot landed the plane safely despite the fog.",
    "The orchestra played a symphony by a famous composer.",
    "Hospitals need more nurses and doctors.",
    "The volcano erupted and covered the village in ash.",
    "The spacecraft sent photographs of a distant planet.",
    "Mathematics is the language of the natural sciences.",
    "The chess player won the tournament without losing a game.",
    "The river flooded the fields after days of heavy rain.",
    "Electric cars are becoming cheaper every year.",
    "The painter used blue and green to show the sea.",
    "The committee will announce its decision next week.",
    "Old letters were found hidden in the attic.",
    "The jacket is warm, light and waterproof.",
    "Every evening the fishermen return with their catch.",
    "The software update fixed a bug in the login page.",
    "Good sleep, healthy food and exercise improve your mood.",
    "The detective finally solved the mysterious case.",
    "The candle flickered in the dark, quiet room.",
    "我们 喜欢 学习 语言 。",
    "東京 は 大きな 都市 です 。",
    "Smiling faces everywhere 🙂 and a few hearts ❤️.",
]

_SUBJECTS = [
    "the teacher", "my friend", "a young engineer", "the old fisherman", "our neighbour",
    "the tired student", "a curious child", "the quiet librarian", "the busy doctor", "a famous singer",
    "the brave pilot", "my little sister", "the clever scientist", "a patient gardener", "the new manager",
]
_VERBS = [
    "reads", "writes", "paints", "builds", "repairs", "finds", "sells", "carries", "studies", "cleans",
    "describes", "remembers", "opens", "loses", "orders",
]
_OBJECTS = [
    "a long letter", "the wooden table", "an old map", "a red bicycle", "the broken window",
    "a small boat", "the heavy suitcase", "a new computer", "the green door", "a strange machine",
    "the empty bottle", "a silver key", "the paper lantern", "a round clock", "the blue notebook",
]
_PLACES = [
    "in the morning", "near the harbour", "after lunch", "before the storm", "in the kitchen",
    "at the station", "during the holidays", "under the bridge", "on a rainy day", "in the garden",
    "at midnight", "behind the school", "in the mountains", "by the lake", "at the market",
]


def _templated():
    out = []
    n = len(_SUBJECTS)
    # 15 * 15 = 225 deterministic combinations, each word list index advancing at a different rate.
    for i in range(n):
        for j in range(n):
            s = _SUBJECTS[i]
            v = _VERBS[(i + j) % len(_VERBS)]
            o = _OBJECTS[(2 * i + j) % len(_OBJECTS)]
            p = _PLACES[(i + 3 * j) % len(_PLACES)]
            out.append(f"{s[0].upper()}{s[1:]} {v} {o} {p}.")
    return out


TOKENIZER_CORPUS = _HAND_WRITTEN + _templated()

# --------------------------------------------------------------------------
# Inputs for the tiny models (tiny-bert, variants, tiny-distilbert).
# Each row is (text, text_pair or None). Row order is the batch order.
# --------------------------------------------------------------------------

TINY_ROWS = [
    # medium length: accents (stripped by the uncased normalizer), an emoji and a CJK char that are
    # not in the vocabulary ([UNK]), a CJK char that is (split off by handle_chinese_chars),
    # characters missing from the vocabulary (':' and "'" -> [UNK]), digits and punctuation.
    ("Zoë ordered 2 espressos at the café 🚀 near the station (猫東), then asked: 'is it 9:45 already?'", None),
    # longer than 64 tokens: truncated to exactly model_max_length = 64 (uses every position embedding).
    ("The quick brown fox jumps over the lazy dog while the tired student carries a heavy suitcase "
     "near the harbour, and the clever scientist describes a strange machine to a curious child "
     "who remembers an old map of the mountains, the river, the castle and the hidden beach "
     "where fishermen return every evening with their catch before the storm.", None),
    # length 1 after specials: [CLS] hi [SEP]
    ("Hi", None),
    # a sentence pair: token_type_ids contain 1s for the second segment.
    ("Where is the library?", "It is next to the old train station."),
]

# Inputs for the tiny sentence-transformers folders (max_seq_length 16).
TINY_ST_TEXTS = [
    "Hi",
    "The cat is sleeping on the warm windowsill.",
    "Where is the library?",
    "A transformer block contains attention, a feed forward network and two residual connections "
    "around them, which is longer than sixteen tokens.",
    "Le café est très bon.",
    "",
    "Numbers: 3, 14, 15 and 92!",
    "king queen apple bank",
]

# --------------------------------------------------------------------------
# Sentences for the real all-MiniLM-L6-v2 reference.
# --------------------------------------------------------------------------

_LONG_SENTENCE = (
    "When the small coastal town first decided to rebuild its harbour after the great storm, nobody "
    "expected the project to take almost a decade, but the engineers soon discovered that the old "
    "stone walls rested on layers of soft clay that shifted with every tide, so they had to design "
    "new foundations, test them in the laboratory, argue with the council about the budget, and "
    "convince the fishermen that their boats would still have a safe place to shelter during the "
    "winter months while the work was going on; meanwhile the schoolteachers organised lessons about "
    "tides, erosion and the history of the harbour, the bakery started selling bread shaped like "
    "anchors, the local newspaper published a weekly column that followed every delay and every small "
    "victory, and visitors from the nearby cities came on sunny weekends to watch the enormous cranes "
    "lift concrete blocks into the grey water, taking photographs, eating ice cream, and asking the "
    "workers endless questions about how deep the new walls would go, how long they would last, and "
    "whether the lighthouse at the end of the pier would finally be repaired as well; by the time the "
    "last block was placed, an entire generation of children had grown up with the sound of machines "
    "in the background, the old harbour master had retired and written a book about the whole "
    "adventure, the budget had doubled twice, and the town had quietly become famous across the region "
    "as the place that refused to give up on its sea, its boats and its stubborn, cheerful people, who "
    "celebrated the opening with music, fireworks, long tables of grilled fish along the quay, speeches "
    "that went on far too long, and a small ceremony in which the oldest fisherman and the youngest "
    "pupil cut a ribbon together while the lighthouse, newly painted red and white, flashed its beam "
    "across the calm evening water for the first time in many years, and everyone agreed that the wait "
    "had been worth it, although some of them still complained about the noise, the traffic and the "
    "endless dust that had covered their windows for so long."
)

MINILM_SENTENCES = [
    "The king ruled the country for forty years.",
    "The queen addressed the nation on television.",
    "A man is eating an apple.",
    "A woman is eating a piece of fruit.",
    "Apple released a new iPhone this autumn.",
    "I deposited my salary at the bank this morning.",
    "We sat on the grassy bank of the river and watched the ducks.",
    "The bank raised its interest rates again.",
    "The river bank was muddy after the flood.",
    "How do I reset my password?",
    "What is the capital of France?",
    "Paris is the capital and largest city of France.",
    "Can dogs eat chocolate?",
    "Chocolate is toxic to dogs because it contains theobromine.",
    "The cat sat on the mat.",
    "The cat is sitting on the mat.",
    "A cat was sitting on a mat.",
    "The dog sat on the mat.",
    "Stock markets fell sharply on Monday.",
    "Global equities dropped steeply at the start of the week.",
    "The recipe calls for 2 cups of flour, 3 eggs and 250 ml of milk.",
    "In 2023, the population reached 8,045,311,447 people.",
    "Pi is approximately 3.14159265358979.",
    "Call me at +1 (555) 013-4567 after 6 pm.",
    "Le café est fermé le dimanche.",
    "Où est la bibliothèque la plus proche ?",
    "Der Bär schläft im Winter sehr lange.",
    "El niño pequeño juega al fútbol en la playa.",
    "São Paulo é a maior cidade do Brasil.",
    "Crème brûlée and piña colada are on the menu.",
    "我喜欢在周末去公园散步。",
    "東京は日本の首都です。",
    "서울은 한국의 수도입니다.",
    "I love pizza 🍕🍕 and sunny days ☀️😎!",
    "🚀🔥💯",
    "def fibonacci(n): return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)",
    "SELECT name, email FROM users WHERE created_at > '2024-01-01' ORDER BY name;",
    "The gradient of the loss with respect to the weights is computed by backpropagation.",
    "Transformers use multi-head self-attention followed by position-wise feed-forward layers.",
    "Set the environment variable HF_HUB_OFFLINE=1 to avoid network access.",
    "Photosynthesis converts light energy into chemical energy stored in glucose.",
    "Mitochondria are the powerhouse of the cell.",
    "The Treaty of Westphalia was signed in 1648.",
    "Jupiter is the largest planet in our solar system.",
    "She won the marathon in two hours and nine minutes.",
    "The goalkeeper saved a penalty in the final minute.",
    "Hi",
    "ok",
    "?",
    "Yes!",
    "Thank you very much for your help yesterday.",
    "Thanks a lot for helping me yesterday.",
    "I am not happy with this product.",
    "I am very happy with this product.",
    "The weather is lovely today.",
    "It is raining cats and dogs.",
    "Volcanoes can erupt without much warning.",
    "A violin concerto was performed by the city orchestra.",
    "Quantum computers exploit superposition and entanglement.",
    "Please remember to water the plants while I'm away.",
    "UNBELIEVABLE!!! This is the BEST day EVER!!!",
    "   Leading and trailing whitespace   ",
    "Tabs\tand\nnewlines\nin one sentence.",
    "antidisestablishmentarianism and pneumonoultramicroscopicsilicovolcanoconiosis",
    "The emperor and the empress attended the ceremony.",
    "Bananas, oranges and pears are sold at the market.",
    _LONG_SENTENCE,
]

# Indices (into MINILM_SENTENCES) run as one padded batch through AutoModel for hidden.safetensors.
MINILM_HIDDEN_INDICES = [0, 5, 24]

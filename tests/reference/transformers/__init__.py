# A stand-in for the two entry points of Hugging Face's transformers that llama.cpp's
# convert_hf_to_gguf.py uses on a DeepSeek model, for running that converter where transformers
# is not installed (Debian 12 has no package of it, and the test machines reach no PyPI).
#
# AutoConfig.from_pretrained raises, as it does for a model it cannot load, and the converter
# then reads config.json itself. AutoTokenizer.from_pretrained reads tokenizer.json and
# tokenizer_config.json: the vocabulary and the added tokens as the converter lists them, and
# encode/decode by the real tokenizer algorithm of @lenml/tokenizers (hf_tokenize.mjs, under
# Node.js; DESKSEEK_NODE names the node binary, DESKSEEK_REFERENCE_DIR the npm packages).
import json
import os
import subprocess
from pathlib import Path


class AutoConfig:
    @staticmethod
    def from_pretrained(path, **kwargs):
        raise OSError(f"transformers stand-in: read {path}/config.json instead")


class _AddedToken:
    def __init__(self, entry):
        self.content = entry["content"]
        self.special = bool(entry.get("special", False))
        self.normalized = bool(entry.get("normalized", not self.special))


class _Tokenizer:
    def __init__(self, folder):
        self._folder = Path(folder)
        with open(self._folder / "tokenizer.json", encoding="utf-8") as f:
            data = json.load(f)
        self.vocab = dict(data["model"]["vocab"])
        self.added_tokens_decoder = {}
        for entry in data.get("added_tokens", []):
            self.vocab[entry["content"]] = entry["id"]
            self.added_tokens_decoder[entry["id"]] = _AddedToken(entry)
        # LlamaTokenizerFast (DeepSeek's tokenizer_class) puts bos and eos around an encoding with
        # special tokens as tokenizer_config.json's add_bos_token and add_eos_token say.
        with open(self._folder / "tokenizer_config.json", encoding="utf-8") as f:
            config = json.load(f)
        token_id = lambda key: self.vocab.get(config[key]["content"] if isinstance(config.get(key), dict) else config.get(key))
        self._prefix = [token_id("bos_token")] if config.get("add_bos_token") and token_id("bos_token") is not None else []
        self._suffix = [token_id("eos_token")] if config.get("add_eos_token") and token_id("eos_token") is not None else []

    def get_vocab(self):
        return dict(self.vocab)

    def get_added_vocab(self):
        return {token.content: id_ for id_, token in self.added_tokens_decoder.items()}

    def _run(self, request):
        request["folder"] = str(self._folder)
        reference = Path(os.environ["DESKSEEK_REFERENCE_DIR"])
        node = os.environ.get("DESKSEEK_NODE", "node")
        done = subprocess.run([node, str(reference / "hf_tokenize.mjs")], input=json.dumps(request),
                              capture_output=True, text=True, cwd=reference, check=True)
        return json.loads(done.stdout)

    def encode(self, text, add_special_tokens=True):
        # An added token's text alone is that token (as the tokenizer splits added tokens out
        # before anything else): the converter asks this for each of them.
        added = self.get_added_vocab()
        if not add_special_tokens and text in added:
            return [added[text]]
        ids = self._run({"encode": [{"text": text, "special": False}]})["encoded"][0]
        return self._prefix + ids + self._suffix if add_special_tokens else ids

    def decode(self, ids, **kwargs):
        ids = list(ids)
        if len(ids) == 1 and ids[0] in self.added_tokens_decoder:
            return self.added_tokens_decoder[ids[0]].content
        return self._run({"decode": [ids]})["decoded"][0]


class AutoTokenizer:
    @staticmethod
    def from_pretrained(path, **kwargs):
        return _Tokenizer(path)

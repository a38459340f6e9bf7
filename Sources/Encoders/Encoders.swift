// Encoder architectures (BERT, DistilBERT) are added in separate files.

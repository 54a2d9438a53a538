"""What a content pack is: model, loading, validation, signing and the on-disk store. No Qt here."""

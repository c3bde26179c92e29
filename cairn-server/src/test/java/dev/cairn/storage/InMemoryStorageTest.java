package dev.cairn.storage;

import dev.cairn.storage.memory.InMemoryStorage;

class InMemoryStorageTest extends StorageContract {
    @Override
    protected Storage newStorage() {
        return new InMemoryStorage();
    }
}

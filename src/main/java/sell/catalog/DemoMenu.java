package sell.catalog;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** The small menu a fresh database starts with, so the README's curl line works at once. */
public final class DemoMenu {
    private record Item(String id, int category, String name, long cents, int stock, String description) {
    }

    private static final List<CatalogRepository.Category> CATEGORIES = List.of(
            new CatalogRepository.Category(1, "Hot dishes"),
            new CatalogRepository.Category(2, "Noodles & dumplings"),
            new CatalogRepository.Category(3, "Drinks"));

    private static final List<Item> ITEMS = List.of(
            new Item("braised-pork-rice", 1, "Braised pork rice", 1290, 100, "Slow-braised pork belly over rice"),
            new Item("kung-pao-chicken", 1, "Kung pao chicken", 1450, 100, "Chicken, peanuts, dried chili"),
            new Item("mapo-tofu", 1, "Mapo tofu", 990, 100, "Silken tofu in a spicy bean sauce"),
            new Item("beef-noodle-soup", 2, "Beef noodle soup", 1300, 100, "Hand-pulled noodles, braised beef"),
            new Item("pork-dumplings", 2, "Pork dumplings (12)", 1080, 100, "Steamed, with black vinegar"),
            new Item("milk-tea", 3, "Milk tea", 650, 200, "Black tea with milk, lightly sweet"),
            new Item("lemon-tea", 3, "Iced lemon tea", 500, 200, "Fresh lemon, black tea"));

    private DemoMenu() {
    }

    public static void seed(Handle handle, CatalogRepository repository, String shopId, long now) {
        for (CatalogRepository.Category category : CATEGORIES) repository.insertCategory(handle, shopId, category);
        for (Item item : ITEMS) {
            repository.insert(handle, new Product(item.id(), shopId, item.category(), item.name(), item.cents(),
                    item.stock(), item.description(), "", Product.ON_SALE), now);
        }
    }
}

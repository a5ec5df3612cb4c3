package dev.calllog.testsupport.savedobjects;

import java.util.Set;

/**
 * One use of a field by a saved object.
 *
 * @param field the field's dotted path
 * @param use what the object does with it
 * @param where the object (and aggregation) that uses it, for messages
 */
public record FieldUse(String field, Use use, String where) {

    private static final Set<String> NUMBER_TYPES = Set.of(
            "long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long");
    private static final Set<String> DATE_TYPES = Set.of("date", "date_nanos");

    /** What an object does with a field, and which field types allow it. */
    public enum Use {
        /** Searched by a query: any indexed field. */
        SEARCH,
        /** Shown as a column or formatted: any mapped field. */
        DISPLAY,
        /** Sorted on: needs doc values (aggregatable). */
        SORT,
        /** Bucketed or counted (terms, cardinality): aggregatable. */
        AGGREGATE,
        /** Time field, date histogram: an aggregatable date. */
        DATE,
        /** Averaged or percentiled: an aggregatable number. */
        NUMERIC,
        /** Maximum or minimum: an aggregatable number or date. */
        NUMERIC_OR_DATE;

        /** The use an aggregation type makes of its field, or null when it has none (count, filters). */
        public static Use forAggregation(String type) {
            return switch (type) {
                case "terms", "cardinality" -> AGGREGATE;
                case "date_histogram" -> DATE;
                case "avg", "sum", "percentiles", "median" -> NUMERIC;
                case "max", "min" -> NUMERIC_OR_DATE;
                case "count", "filters" -> null;
                default -> throw new IllegalArgumentException("unknown aggregation type " + type);
            };
        }

        /**
         * Whether a field of this type allows the use.
         *
         * @param type the mapping type ({@code keyword}, {@code date_nanos}, {@code flat_object}...)
         * @param aggregatable whether the field can be aggregated and sorted on (it has doc values)
         */
        public boolean allows(String type, boolean aggregatable) {
            return switch (this) {
                case SEARCH, DISPLAY -> true;
                case SORT, AGGREGATE -> aggregatable;
                case DATE -> aggregatable && DATE_TYPES.contains(type);
                case NUMERIC -> aggregatable && NUMBER_TYPES.contains(type);
                case NUMERIC_OR_DATE -> aggregatable && (NUMBER_TYPES.contains(type) || DATE_TYPES.contains(type));
            };
        }
    }
}

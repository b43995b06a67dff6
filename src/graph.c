/* placeholder: implemented in a later commit */
typedef int eg__placeholder_graph;

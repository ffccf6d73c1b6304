// A type in the Rust form is checked like a definition; an error is at its
// token, with the checker's text and hint.
#[maptype_macros::mapping_type(
    name = "Widget",
    export(ns("DMA_BUF")),
    private(module = "widget", dir = "drivers/misc/widget"),
    core("../../../schemas/pal.maptype", "../../../schemas/sgt.maptype")
)]
pub mod widget {
    struct Data {
        /// The cookie the importer asks for.
        #[importer]
        want: c_uint,
        /// The cookie the exporter has.
        #[exporter]
        have: c_uint,
    }

    /// Exporter callbacks of the widget type.
    #[ops(dma_buf_mapping_widget_exp_ops)]
    trait Ops {
        /// Prepare the attachment; 0 or a negative errno.
        fn prepare(attach: *mut dma_buf_attachment) -> c_int;
    }

    /// An importer candidate asking for @want.
    importer!(DMA_BUF_IMAPPING_WIDGET(want));
    /// An exporter candidate having @have.
    exporter!(DMA_BUF_EMAPPING_WIDGET(exp_ops => ops, have));

    #[compatible]
    fn compatible() {
        require!(exp.hav == imp.want, EOPNOTSUPP);
    }
}

fn main() {}

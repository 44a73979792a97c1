"""StreamField blocks shared by every page type of the site."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    alt = blocks.CharBlock(
        label=_("替代文字"),
        required=False,
        max_length=200,
        help_text=_("给读屏软件念的图片说明；留空则使用图片标题。"),
    )
    caption = blocks.CharBlock(label=_("图注"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "blocks/image_block.html"


class CalloutBlock(blocks.StructBlock):
    """A boxed notice; the two kinds for calling 119 and 96119 print the number large."""

    KIND_CHOICES = [
        ("alarm", _("火警 119")),
        ("hotline", _("举报投诉 96119")),
        ("tip", _("安全提示")),
    ]
    kind = blocks.ChoiceBlock(choices=KIND_CHOICES, default="tip", label=_("类型"))
    title = blocks.CharBlock(label=_("标题"), max_length=80)
    text = blocks.TextBlock(label=_("内容"), required=False)

    class Meta:
        icon = "warning"
        label = _("提示框")
        template = "blocks/callout_block.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("问题"), max_length=200)
    answer = blocks.RichTextBlock(label=_("回答"), features=["bold", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("问答")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        label = _("下载文件")
        template = "blocks/document_block.html"


class VideoBlock(blocks.StructBlock):
    """An uploaded MP4, played by the browser itself: no third-party player."""

    video = DocumentChooserBlock(label=_("视频文件（MP4）"))
    poster = ImageChooserBlock(label=_("封面"), required=False)
    caption = blocks.CharBlock(label=_("说明"), required=False, max_length=200)

    class Meta:
        icon = "media"
        label = _("视频")
        template = "blocks/video_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("小标题"), max_length=80, form_classname="title", template="blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("正文"), features=["h3", "bold", "italic", "link", "ol", "ul", "hr"]
    )
    image = ImageBlock()
    callout = CalloutBlock()
    qa = blocks.ListBlock(QuestionAnswerBlock(), label=_("问答列表"), template="blocks/qa_list.html")
    document = DocumentBlock()
    video = VideoBlock()
    embed = EmbedBlock(label=_("外部视频"), template="blocks/embed_block.html")

    class Meta:
        label = _("正文")
